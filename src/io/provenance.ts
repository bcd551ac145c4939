import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "./paths.js";

/** SHA-256 of a file's bytes, hex. */
export function fileSha256(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Installed versions of the project's direct dependencies (read from node_modules), plus Node's. */
export function packageVersions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  const out: Record<string, string> = { node: process.version };
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).sort()) {
    try {
      out[name] = (JSON.parse(readFileSync(join(PROJECT_ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
    } catch {
      out[name] = "not installed";
    }
  }
  return out;
}

/** The git commit of the working tree (with "-dirty" when it has changes), or null outside a git checkout. */
export function gitCommit(): string | null {
  const head = spawnSync("git", ["rev-parse", "HEAD"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  if (head.status !== 0) return null;
  const dirty = spawnSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: PROJECT_ROOT, encoding: "utf8" });
  return `${head.stdout.trim()}${dirty.status === 0 && dirty.stdout.trim() !== "" ? "-dirty" : ""}`;
}
