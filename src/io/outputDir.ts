import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Writes a set of files as one folder, all or nothing: they go into a fresh temporary folder
 * beside `dir`, which then replaces `dir` by renames (old folder moved aside, new one moved in,
 * old one deleted). A failure before the swap leaves the previous `dir` untouched.
 */
export function writeOutputDir(dir: string, files: Readonly<Record<string, string | Uint8Array>>): void {
  const parent = dirname(dir);
  mkdirSync(parent, { recursive: true });
  const stamp = `${process.pid}-${Date.now()}`;
  const tmp = join(parent, `.${basename(dir)}.tmp-${stamp}`);
  const old = join(parent, `.${basename(dir)}.old-${stamp}`);
  mkdirSync(tmp);
  try {
    for (const [name, content] of Object.entries(files)) {
      if (name.includes("/") || name.includes("\\") || name.startsWith(".")) throw new RangeError(`writeOutputDir: file names must be plain, got ${JSON.stringify(name)}`);
      writeFileSync(join(tmp, name), content);
    }
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  const hadOld = existsSync(dir);
  if (hadOld) renameSync(dir, old);
  try {
    renameSync(tmp, dir);
  } catch (err) {
    if (hadOld) renameSync(old, dir);
    rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}
