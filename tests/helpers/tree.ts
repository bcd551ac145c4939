import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";

/**
 * Everything under `path` without following links: relative path → `dir`, `file <sha256>`,
 * `link -> <target>` or `other`. Two equal snapshots mean the tree is byte-identical.
 */
export function snapshotTree(path: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string, rel: string): void => {
    const st = lstatSync(abs);
    if (st.isSymbolicLink()) out[rel] = `link -> ${readlinkSync(abs)}`;
    else if (st.isFile()) out[rel] = `file ${createHash("sha256").update(readFileSync(abs)).digest("hex")}`;
    else if (st.isDirectory()) {
      out[rel] = "dir";
      for (const name of readdirSync(abs).sort()) walk(join(abs, name), rel === "." ? name : `${rel}/${name}`);
    } else out[rel] = "other";
  };
  walk(path, ".");
  return out;
}
