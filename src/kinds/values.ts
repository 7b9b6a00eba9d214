// Reading fields of loaded objects without trusting their shape: a mapping or {}, a list or [].

export type Rec = Record<string, unknown>;
export const rec = (v: unknown): Rec => (v && typeof v === "object" && !Array.isArray(v) ? (v as Rec) : {});
export const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
