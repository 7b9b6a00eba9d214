// Huge `kubectl get -o json` dumps, read in chunks: the top-level List's `items` are cut out
// one by one and parsed alone, so memory holds the objects (trimmed of what podwall never
// reads), never the whole text. Positions are the line and column where each item starts.

import { openSync, readSync, closeSync } from "node:fs";
import type { Diagnostic } from "../model/source.js";
import type { KubeObject, LocatedObject } from "../model/object.js";

const CHUNK = 1 << 20;

/** Fields of a dumped object that podwall never reads and that make dumps large. */
export function trimObject(o: KubeObject): KubeObject {
  const md = o.metadata as Record<string, unknown> | undefined;
  if (md && typeof md === "object") {
    delete md.managedFields;
    delete md.annotations;
  }
  const status = o.status as Record<string, unknown> | undefined;
  if (status && typeof status === "object") for (const k of ["conditions", "containerStatuses", "initContainerStatuses", "images", "nodeInfo", "volumesInUse", "allocatable", "capacity"]) delete status[k];
  const spec = o.spec as Record<string, unknown> | undefined;
  if (spec && typeof spec === "object" && Array.isArray(spec.containers))
    for (const c of spec.containers as Record<string, unknown>[]) for (const k of ["env", "envFrom", "volumeMounts", "resources", "livenessProbe", "readinessProbe", "startupProbe", "command", "args"]) delete c[k];
  return o;
}

export interface StreamResult {
  objects: LocatedObject[];
  diagnostics: Diagnostic[];
}

/**
 * Read `{"kind": "List", "items": [...]}` (any top-level object with an `items` array) from a
 * file of any size. Other top-level shapes are refused with a message: they are not dumps.
 */
export function streamJsonList(file: string): StreamResult {
  const out: StreamResult = { objects: [], diagnostics: [] };
  const fail = (line: number, col: number, message: string) => {
    out.diagnostics.push({ severity: "error", source: { file, line, col }, message });
    return out;
  };
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.allocUnsafe(CHUNK);
    let depth = 0; // nesting depth of {} and []
    let inString = false;
    let escaped = false;
    let line = 1;
    let col = 0;
    let key = ""; // the last top-level key read
    let keyStart = -1; // in the current chunk
    let keyCarry: Buffer | undefined; // the part of a key read in earlier chunks
    let inItems = false; // inside the top-level "items" array
    let item: Buffer[] = [];
    let itemStartOffset = -1; // in the current chunk
    let itemLine = 0;
    let itemCol = 0;
    let sawTop = false;
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const c = buf[i]!;
        if (c === 10) {
          line++;
          col = 0;
        } else if ((c & 0xc0) !== 0x80) col++;
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 92) escaped = true;
          else if (c === 34) {
            inString = false;
            if (depth === 1 && keyStart >= 0) {
              key = keyCarry ? Buffer.concat([keyCarry, buf.subarray(keyStart, i)]).toString("utf8") : buf.toString("utf8", keyStart, i);
              keyStart = -1;
              keyCarry = undefined;
            }
          }
          continue;
        }
        if (c === 34) {
          inString = true;
          if (depth === 1 && !inItems) keyStart = i + 1;
          if (inItems && depth === 2 && itemStartOffset < 0) return fail(line, col, "items[]: expected a Kubernetes object, got a string");
          continue;
        }
        if (c === 123 || c === 91) {
          if (depth === 0) {
            if (c !== 123) return fail(line, col, "expected a JSON object (a kubectl List with items)");
            sawTop = true;
          }
          if (depth === 1 && c === 91 && key === "items") inItems = true;
          else if (inItems && depth === 2) {
            if (c !== 123) return fail(line, col, "items[]: expected a Kubernetes object");
            itemStartOffset = i;
            itemLine = line;
            itemCol = col;
          }
          depth++;
        } else if (c === 125 || c === 93) {
          depth--;
          if (inItems && depth === 2 && itemStartOffset >= 0) {
            const text = item.length ? Buffer.concat([...item, buf.subarray(itemStartOffset, i + 1)]).toString("utf8") : buf.toString("utf8", itemStartOffset, i + 1);
            item = [];
            itemStartOffset = -1;
            let obj: KubeObject;
            try {
              obj = JSON.parse(text) as KubeObject;
            } catch (e) {
              return fail(itemLine, itemCol, `invalid JSON in this item: ${(e as Error).message}`);
            }
            const source = { file, line: itemLine, col: itemCol };
            out.objects.push({ object: trimObject(obj), file, locate: () => source });
          } else if (inItems && depth === 1) inItems = false;
        }
      }
      // Carry the part of an item (or a top-level key) this chunk holds over to the next: it
      // then goes on from the start of the next chunk.
      if (itemStartOffset >= 0) {
        item.push(Buffer.from(buf.subarray(itemStartOffset, n)));
        itemStartOffset = 0;
      }
      if (keyStart >= 0) {
        keyCarry = Buffer.concat(keyCarry ? [keyCarry, buf.subarray(keyStart, n)] : [buf.subarray(keyStart, n)]);
        keyStart = 0;
      }
    }
    if (!sawTop) return fail(1, 1, "empty file: expected a kubectl List");
    if (depth !== 0 || inString) return fail(line, col, "the file ends in the middle of a JSON value (truncated dump?)");
    return out;
  } finally {
    closeSync(fd);
  }
}
