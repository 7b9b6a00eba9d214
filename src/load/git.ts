// Files at a git revision, read with git itself (`git ls-tree`, `git show REV:path`): no
// checkout, the working tree is never touched. Paths are relative to the working directory.

import { execFileSync } from "node:child_process";
import { extname } from "node:path";

export interface TextFile {
  /** Shown in messages: `REV:path`. */
  name: string;
  text: string;
}

const EXTENSIONS = new Set([".yaml", ".yml", ".json"]);

function git(args: string[], cwd: string): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

export class GitError extends Error {}

/** YAML/JSON files under `paths` at `rev`, each with its text. */
export function filesAtRevision(rev: string, paths: string[], cwd = process.cwd()): TextFile[] {
  if (rev.startsWith("-")) throw new GitError(`"${rev}" is not a git revision`);
  try {
    git(["rev-parse", "--verify", "--quiet", `${rev}^{commit}`], cwd);
  } catch {
    throw new GitError(`"${rev}" is not a git revision here (${cwd}); a path that does not exist is read as a revision`);
  }
  const out: TextFile[] = [];
  for (const p of paths) {
    const listed = git(["ls-tree", "-r", "--name-only", "--full-name", rev, "--", p], cwd).split("\n").filter(Boolean);
    const files = listed.filter((f) => EXTENSIONS.has(extname(f).toLowerCase()) || f === p);
    if (!files.length) throw new GitError(`${rev}:${p}: no such file or folder at that revision`);
    for (const f of files) out.push({ name: `${rev}:${f}`, text: git(["show", `${rev}:${f}`], cwd) });
  }
  return out;
}
