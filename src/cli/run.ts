import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InputError } from "../util/errors.js";

/** The flag every CLI accepts (taken out before `main` sees the arguments): print stack traces on the terminal. */
export const DEBUG_FLAG = "--debug";

/** Where internal errors leave their stack: one log file per failure. */
export const ERROR_LOG_DIR = join(tmpdir(), "churn-workspace-logs");

/** A CLI's body: gets the arguments without `--debug`; may return an exit status (default 0). */
export type CliMain = (argv: string[]) => void | number | Promise<void | number>;

/** The error, its `cause` chain and their stacks, for the log file. */
function fullStack(err: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = err, depth = 0; e !== undefined && depth < 10; e = (e as { cause?: unknown }).cause, depth++) {
    parts.push(e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e));
  }
  return parts.join("\nCaused by: ");
}

function firstLine(err: unknown): string {
  if (!(err instanceof Error)) return String(err).split("\n")[0]!;
  const head = err.message.split("\n")[0]!;
  return err.name === "Error" ? head || "Error" : `${err.name}: ${head}`;
}

/** Writes the stack of an internal error to a fresh log file; returns its path, or why it could not. */
function writeErrorLog(name: string, argv: readonly string[], err: unknown): { path: string } | { failed: string } {
  const path = join(ERROR_LOG_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.log`);
  try {
    mkdirSync(ERROR_LOG_DIR, { recursive: true });
    writeFileSync(path, `${name} ${argv.join(" ")}\nnode ${process.version}, ${new Date().toISOString()}\n\n${fullStack(err)}\n`);
    return { path };
  } catch (e) {
    return { failed: `could not write the stack to ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}` };
  }
}

/**
 * Prints a CLI failure under the error contract and returns the exit status: bad input (an
 * {@link InputError}: file, flag, config, payload) prints `error: <message>` (the file and line or
 * key, what was expected, what was found) and returns 2; anything else is an internal error: one line
 * `error: <first line> (stack in <log>; rerun with --debug to print it)`, the stack in a log file
 * under {@link ERROR_LOG_DIR}, status 1. With `debug`, the stack is printed as well.
 */
function reportFailure(name: string, argv: readonly string[], err: unknown, debug: boolean): number {
  if (err instanceof InputError) {
    process.stderr.write(`error: ${err.message}\n${debug ? `${fullStack(err)}\n` : ""}`);
    return 2;
  }
  const log = writeErrorLog(name, argv, err);
  const where = "path" in log ? `stack in ${log.path}` : log.failed;
  process.stderr.write(`error: ${firstLine(err)} (${where}${debug ? "" : "; rerun with --debug to print it"})\n${debug ? `${fullStack(err)}\n` : ""}`);
  return 1;
}

/**
 * Runs a command-line entry point under the one error contract every CLI of this workspace shares
 * (`report`, `data`, `bench`, `notebooks` and the ones to come): `--debug` is accepted and taken out
 * of the arguments; `main`'s return value (or 0) is the exit status; a thrown {@link InputError} exits
 * 2 with one paragraph naming the file and line or key; any other error, thrown or uncaught later,
 * exits 1 with one line and its stack in a log file whose path is printed. No stack trace reaches
 * the terminal unless `--debug` is given.
 */
export function runCli(name: string, main: CliMain, argv: readonly string[] = process.argv.slice(2)): void {
  const debug = argv.includes(DEBUG_FLAG);
  const rest = argv.filter((a) => a !== DEBUG_FLAG);
  const fail = (err: unknown): never => process.exit(reportFailure(name, argv, err, debug));
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
  void (async () => {
    try {
      const status = await main(rest);
      if (typeof status === "number") process.exitCode = status;
    } catch (err) {
      fail(err);
    }
  })();
}
