import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

let counter = 0;

/**
 * Writes `content` to `path` atomically: into a temporary file beside it, then renamed over
 * the target, so a reader never sees a half-written file and a failed run leaves the previous
 * file intact. Creates the parent folder if needed. Low level: it does not ask whether `path` may
 * be replaced, so outputs go through `writeOutputFile` / `writeOutputDir`, which do.
 */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${++counter}`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
