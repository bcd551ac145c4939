import { parseArgs, type ParseArgsConfig } from "node:util";
import type { StoreManifest } from "../store/schema.js";
import { InputError } from "../util/errors.js";

/**
 * Parses command-line flags strictly (unknown flags and stray positionals are errors), turning
 * node's parse errors into an `InputError` that names the flag and the usage line.
 */
export function parseFlags<T extends NonNullable<ParseArgsConfig["options"]>>(argv: string[], options: T, usage: string) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    const message = (err as Error).message.split("\n")[0]!.replace(/\. To specify a positional argument.*$/, "");
    throw new InputError({ file: "command line" }, `flags as in: ${usage}`, JSON.stringify(message));
  }
}

/** Parses a `--seed` value: a whole number in [0, 2^32 − 1]. */
export function parseSeedFlag(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > 4294967295) {
    throw new InputError({ file: "command line", key: "--seed" }, "a whole number in [0, 4294967295]", JSON.stringify(value));
  }
  return n;
}

/** Parses a `--workers` value: "auto" or a whole number in [1, 64]. */
export function parseWorkersFlag(value: string): number | "auto" {
  if (value === "auto") return "auto";
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 64) {
    throw new InputError({ file: "command line", key: "--workers" }, '"auto" or a whole number in [1, 64]', JSON.stringify(value));
  }
  return n;
}

/** Parses `--as-of`: a calendar month the offline store has a partition for (a whole number); absent, the store's last month. */
export function parseAsOfFlag(value: string | undefined, manifest: Pick<StoreManifest, "asOf" | "partitions">): number {
  if (value === undefined) return manifest.asOf.last;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !manifest.partitions.some((p) => p.month === n)) {
    throw new InputError({ file: "command line", key: "--as-of" }, `a calendar month the offline store holds (${manifest.asOf.first}..${manifest.asOf.last})`, JSON.stringify(value));
  }
  return n;
}
