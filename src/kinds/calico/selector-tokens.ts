// Calico selector tokenizer (projectcalico.org/v3 selector expressions, SEMANTICS §3.4).
// Follows libcalico-go's selector/tokenizer: the same token kinds and the same rule that
// `contains`, `starts with`, `ends with`, `in`, `not in` / `notin` are operators only right
// after a label. Every token keeps its offset so errors can point at a column.

export type TokenKind =
  | "label"
  | "string"
  | "lbrace"
  | "rbrace"
  | "comma"
  | "eq"
  | "ne"
  | "in"
  | "not"
  | "notin"
  | "contains"
  | "startsWith"
  | "endsWith"
  | "all"
  | "global"
  | "has"
  | "lparen"
  | "rparen"
  | "and"
  | "or"
  | "eof";

export interface Token {
  kind: TokenKind;
  /** Label name, string contents, or the `has(...)` label. */
  value?: string;
  /** 0-based offset of the token's first character in the selector text. */
  at: number;
}

/** A problem in a selector, with the 0-based offset it concerns. */
export class SelectorError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
  /** 1-based column inside the selector text. */
  get column(): number {
    return this.at + 1;
  }
}

// Calico strips only spaces and tabs; line breaks are accepted too because YAML block
// scalars (`selector: >-` or `|`) leave them in, and rejecting those would be unhelpful.
const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);
const LABEL_CHAR = /[A-Za-z0-9_./-]/;
const MAX_LABEL = 512;

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < input.length && WHITESPACE.has(input[i]!)) i++;
  };
  const startsAt = (word: string) => input.startsWith(word, i);
  const identAt = (from: number): string => {
    let j = from;
    while (j < input.length && LABEL_CHAR.test(input[j]!)) j++;
    return input.slice(from, j);
  };
  for (;;) {
    skipSpace();
    if (i >= input.length) {
      tokens.push({ kind: "eof", at: input.length });
      return tokens;
    }
    const at = i;
    const ch = input[i]!;
    const last = tokens.at(-1)?.kind;
    switch (ch) {
      case "(":
        tokens.push({ kind: "lparen", at });
        i++;
        continue;
      case ")":
        tokens.push({ kind: "rparen", at });
        i++;
        continue;
      case "{":
        tokens.push({ kind: "lbrace", at });
        i++;
        continue;
      case "}":
        tokens.push({ kind: "rbrace", at });
        i++;
        continue;
      case ",":
        tokens.push({ kind: "comma", at });
        i++;
        continue;
      case '"':
      case "'": {
        // No escape sequences: the string ends at the next quote of the same kind.
        const end = input.indexOf(ch, i + 1);
        if (end < 0) throw new SelectorError(`unterminated string: no closing ${ch}`, at);
        tokens.push({ kind: "string", value: input.slice(i + 1, end), at });
        i = end + 1;
        continue;
      }
      case "=":
        if (input[i + 1] !== "=") throw new SelectorError('expected "==" (a single "=" is not an operator)', at);
        tokens.push({ kind: "eq", at });
        i += 2;
        continue;
      case "!":
        if (input[i + 1] === "=") {
          tokens.push({ kind: "ne", at });
          i += 2;
        } else {
          tokens.push({ kind: "not", at });
          i++;
        }
        continue;
      case "&":
        if (input[i + 1] !== "&") throw new SelectorError('expected "&&"', at);
        tokens.push({ kind: "and", at });
        i += 2;
        continue;
      case "|":
        if (input[i + 1] !== "|") throw new SelectorError('expected "||"', at);
        tokens.push({ kind: "or", at });
        i += 2;
        continue;
    }
    if (last === "label") {
      // After a label only an operator may come.
      const prev = tokens.at(-1)!.value;
      const expectedOp = () => new SelectorError(`expected an operator after label "${prev}" (==, !=, in, not in, contains, starts with, ends with)`, at);
      const twoWords = (first: string, second: string, kind: TokenKind) => {
        i += first.length;
        skipSpace();
        if (!startsAt(second)) throw expectedOp();
        i += second.length;
        tokens.push({ kind, at });
      };
      if (startsAt("contains")) {
        tokens.push({ kind: "contains", at });
        i += "contains".length;
      } else if (startsAt("starts")) twoWords("starts", "with", "startsWith");
      else if (startsAt("ends")) twoWords("ends", "with", "endsWith");
      else if (startsAt("not")) twoWords("not", "in", "notin");
      else if (startsAt("in")) {
        tokens.push({ kind: "in", at });
        i += 2;
      } else throw expectedOp();
      continue;
    }
    const fn = /^(has|all|global)\(/.exec(input.slice(i, i + 7));
    if (fn) {
      const name = fn[1]!;
      i += name.length + 1;
      skipSpace();
      let value: string | undefined;
      if (name === "has") {
        value = identAt(i);
        if (!value) throw new SelectorError("expected a label name in has(...)", i);
        if (value.length > MAX_LABEL) throw new SelectorError(`label name longer than ${MAX_LABEL} characters`, i);
        i += value.length;
        skipSpace();
      }
      if (input[i] !== ")") throw new SelectorError(`expected ")" to close ${name}(`, i);
      i++;
      tokens.push({ kind: name as TokenKind, value, at });
      continue;
    }
    const ident = identAt(i);
    if (!ident) throw new SelectorError(`unexpected character ${JSON.stringify(ch)}`, at);
    if (ident.length > MAX_LABEL) throw new SelectorError(`label name longer than ${MAX_LABEL} characters`, at);
    tokens.push({ kind: "label", value: ident, at });
    i += ident.length;
  }
}
