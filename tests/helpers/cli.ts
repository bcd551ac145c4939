import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Runs a CLI entry point under tsx the way the npm scripts do, returning status, stdout and stderr. */
export function runCli(script: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", script, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
