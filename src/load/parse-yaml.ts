// YAML / JSON text → located Kubernetes objects. Pure (no Node imports) so the browser's
// what-if can use it. Positions come from the first parse (eemeli/yaml's LineCounter).

import { Composer, Lexer, LineCounter, Parser, isMap, isSeq, isScalar } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import type { Diagnostic, SourceRef } from "../model/source.js";
import type { FieldPath, KubeObject, LocatedObject } from "../model/object.js";

export interface ParseLimits {
  /** Bytes of text accepted for one file. */
  maxBytes: number;
  /** YAML aliases resolved per document: a guard against alias bombs. */
  maxAliasCount: number;
  /**
   * Parsing time allowed for one file. Well-formed YAML parses at several MB/s; some
   * malformed text makes the parser superlinear, and this turns that into an error.
   */
  maxParseMs?: number;
}

/** Larger kubectl JSON dumps go through the streaming reader, not this parser. */
export const DEFAULT_LIMITS: ParseLimits = { maxBytes: 32 * 1024 * 1024, maxAliasCount: 100, maxParseMs: 20_000 };

class ParseBudgetExceeded extends Error {}

/** parseAllDocuments, driven token by token so that a deadline can stop it. */
function parseDocuments(text: string, lineCounter: LineCounter, deadline: number): Document.Parsed[] {
  const lexer = new Lexer();
  const parser = new Parser(lineCounter.addNewLine);
  const composer = new Composer({ prettyErrors: false, uniqueKeys: true });
  const docs: Document.Parsed[] = [];
  lineCounter.addNewLine(0);
  let n = 0;
  for (const lexeme of lexer.lex(text)) {
    if ((++n & 4095) === 0 && Date.now() > deadline) throw new ParseBudgetExceeded();
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) docs.push(doc as Document.Parsed);
  }
  for (const token of parser.end()) for (const doc of composer.next(token)) docs.push(doc as Document.Parsed);
  for (const doc of composer.end(false, text.length)) docs.push(doc as Document.Parsed);
  return docs;
}

export interface ParseResult {
  objects: LocatedObject[];
  diagnostics: Diagnostic[];
}

const err = (source: SourceRef, message: string): Diagnostic => ({ severity: "error", source, message });

/** Refuse binary input before parsing it: NUL bytes or a high share of control characters. */
export function looksBinary(text: string): boolean {
  const sample = text.slice(0, 65536);
  if (sample.includes("\u0000")) return true;
  let control = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return sample.length > 0 && control / sample.length > 0.05;
}

/** The text's YAML documents, read under the limits (size, binary content, parse deadline). */
export type YamlDocuments = { docs: Document.Parsed[]; at: (offset: number) => SourceRef } | { error: Diagnostic };

export function yamlDocuments(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): YamlDocuments {
  const start: SourceRef = { file, line: 1, col: 1 };
  if (text.length > limits.maxBytes) return { error: err(start, `file is ${text.length} bytes, more than the limit of ${limits.maxBytes} (raise it with --max-bytes)`) };
  if (looksBinary(text)) return { error: err(start, "this is not YAML or JSON text (binary content)") };
  const lineCounter = new LineCounter();
  const at = (offset: number): SourceRef => {
    const p = lineCounter.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const maxParseMs = limits.maxParseMs ?? DEFAULT_LIMITS.maxParseMs!;
  try {
    return { docs: parseDocuments(text, lineCounter, Date.now() + maxParseMs), at };
  } catch (e) {
    if (e instanceof ParseBudgetExceeded) {
      const line = lineCounter.lineStarts.length;
      return { error: err({ file, line, col: 1 }, `parsing stopped after ${maxParseMs / 1000} s near line ${line}: this text is too irregular to be Kubernetes YAML (raise --max-parse-seconds if it really is)`) };
    }
    return { error: err(start, `cannot parse: ${tooDeep((e as Error).message) ?? (e as Error).message}`) };
  }
}

/** One document as plain data, aliases resolved up to the limit; or why it cannot be read. */
export function documentValue(doc: Document.Parsed, at: (offset: number) => SourceRef, limits: ParseLimits = DEFAULT_LIMITS): { value: unknown } | { diagnostics: Diagnostic[] } {
  if (doc.errors.length) return { diagnostics: doc.errors.map((e) => err(at(e.pos[0]), `invalid YAML: ${tooDeep(e.message) ?? firstLine(e.message)}`)) };
  try {
    return { value: doc.toJS({ maxAliasCount: limits.maxAliasCount }) };
  } catch (e) {
    const m = (e as Error).message;
    const msg = /alias/i.test(m) ? "too many YAML aliases: this looks like an alias bomb and is refused" : (tooDeep(m) ?? m);
    return { diagnostics: [err(at(doc.range[0]), msg)] };
  }
}

export function parseYaml(text: string, file: string, limits: ParseLimits = DEFAULT_LIMITS): ParseResult {
  const read = yamlDocuments(text, file, limits);
  if ("error" in read) return { objects: [], diagnostics: [read.error] };
  const { docs, at } = read;
  const diagnostics: Diagnostic[] = [];
  const objects: LocatedObject[] = [];
  docs.forEach((doc, docIndex) => {
    const got = documentValue(doc, at, limits);
    if ("diagnostics" in got) {
      diagnostics.push(...got.diagnostics);
      return;
    }
    const value = got.value;
    if (value === null || value === undefined) return; // empty document
    const docStart = at(doc.contents?.range?.[0] ?? doc.range[0]);
    if (typeof value !== "object" || Array.isArray(value)) {
      diagnostics.push(err(docStart, `document ${docIndex + 1}: expected a Kubernetes object (a mapping with apiVersion and kind)`));
      return;
    }
    const locateIn = (prefix: FieldPath) => (path: FieldPath): SourceRef => locateNode(doc, [...prefix, ...path], at, docStart);
    const obj = value as KubeObject;
    if (obj.kind === "List" || (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items))) {
      if (!Array.isArray(obj.items)) {
        diagnostics.push(err(docStart, "a List needs an `items` list"));
        return;
      }
      obj.items.forEach((item: unknown, i: number) => {
        const locate = locateIn(["items", i]);
        if (!item || typeof item !== "object" || Array.isArray(item)) diagnostics.push(err(locate([]), `items[${i}]: expected a Kubernetes object`));
        else objects.push({ object: item as KubeObject, file, locate });
      });
      return;
    }
    objects.push({ object: obj, file, locate: locateIn([]) });
  });
  return { objects, diagnostics };
}

function tooDeep(message: string): string | undefined {
  return /call stack/i.test(message) ? "the document is nested too deeply to be a Kubernetes object" : undefined;
}

function firstLine(s: string): string {
  return s.split("\n")[0]!;
}

/** The node at `path`, or the deepest ancestor that exists; keys point at the key itself. */
function locateNode(doc: Document.Parsed, path: FieldPath, at: (o: number) => SourceRef, fallback: SourceRef): SourceRef {
  let node: YamlNode | null | undefined = doc.contents as YamlNode | null;
  let best: SourceRef = node?.range ? at(node.range[0]) : fallback;
  for (const key of path) {
    if (isMap(node)) {
      // Keys compare as text: `8000:` is the number 8000 in YAML and "8000" in a field path.
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(key));
      if (!pair) break;
      const k = pair.key as YamlNode | null;
      if (k && (k as { range?: [number, number, number] }).range) best = at((k as { range: [number, number, number] }).range[0]);
      node = pair.value as YamlNode | null;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as YamlNode | undefined;
      if (!item) break;
      node = item;
      if (node.range) best = at(node.range[0]);
    } else break;
  }
  return best;
}
