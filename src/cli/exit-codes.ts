// Exit codes, the same for every command (README "Exit codes").
export const EXIT = {
  ok: 0, // success; `query`: allowed
  denied: 1, // `query`: denied; `conformance`/`lint`/`diff`: failures found
  badInput: 2, // invalid input or usage: nothing was evaluated
  internal: 3, // a bug in podwall
} as const;

/** An error meant for the user: printed as is, no stack trace. */
export class UserError extends Error {
  constructor(
    message: string,
    readonly code: number = EXIT.badInput,
  ) {
    super(message);
  }
}
