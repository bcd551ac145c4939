import { closeSync, fstatSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { InputError } from "../util/errors.js";

/** How long to wait for a lock, when a lock counts as stale, and how often to retry (milliseconds). */
export interface LockOptions {
  /** Give up (with an `InputError` naming the lock file) after waiting this long; default 10,000. */
  readonly waitMs?: number;
  /** A lock file older than this is left from a killed process and is broken; default 30,000. */
  readonly staleMs?: number;
  /** Pause between attempts; default 20. */
  readonly retryMs?: number;
}

/** The defaults of {@link LockOptions}: an alias move holds the lock for milliseconds, so these are generous. */
export const LOCK_DEFAULTS = { waitMs: 10_000, staleMs: 30_000, retryMs: 20 } as const;

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errorCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException).code;
}

/** Creates the lock file exclusively (`O_EXCL`) with its holder written in it; its inode, or null when it exists. */
function tryCreate(path: string): number | null {
  let fd: number;
  try {
    fd = openSync(path, "wx");
  } catch (err) {
    if (errorCode(err) === "EEXIST") return null;
    throw err;
  }
  try {
    writeSync(fd, `${JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() })}\n`);
    return fstatSync(fd).ino;
  } finally {
    closeSync(fd);
  }
}

/**
 * Breaks the stale lock whose inode is `ino`: moves it aside under a unique name (only one process
 * can move a given file) and deletes it. If what was moved is not that file (a fresh lock taken
 * since), it is put back when the place is still free.
 */
function breakStale(path: string, ino: number): void {
  const aside = `${path}.stale-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    renameSync(path, aside);
  } catch (err) {
    if (errorCode(err) === "ENOENT") return;
    throw err;
  }
  if (statSync(aside).ino !== ino) {
    try {
      linkSync(aside, path);
    } catch {
      // someone holds a newer lock: the one moved aside was fresh too, and is dropped (see withFileLock)
    }
  }
  rmSync(aside, { force: true });
}

function holderText(path: string): string {
  try {
    return readFileSync(path, "utf8").trim() || "an empty lock file";
  } catch {
    return "a lock file that could not be read";
  }
}

/**
 * Runs `fn` while holding the lock file `path`, created with `O_EXCL` so that only one process holds
 * it; waits (polling every `retryMs`) while another does, and releases it afterwards even when `fn`
 * throws. A lock file older than `staleMs` is taken for the leftover of a killed process and broken.
 * Throws an {@link InputError} naming the lock file and its holder after `waitMs` without it.
 *
 * Limits, on purpose: `fn` must finish well within `staleMs` (a holder that takes longer may have its
 * lock broken, and then does not delete the newer holder's lock on release); two processes breaking
 * the same stale lock at the same instant are kept apart by the rename in `breakStale`, except in a
 * three-process race within microseconds that we accept. Advisory only: it guards code that takes
 * it, and works across processes on one local file system (not reliably over NFS).
 */
export function withFileLock<T>(path: string, fn: () => T, options: LockOptions = {}): T {
  const { waitMs, staleMs, retryMs } = { ...LOCK_DEFAULTS, ...options };
  const deadline = Date.now() + waitMs;
  let ino: number | null = null;
  for (;;) {
    ino = tryCreate(path);
    if (ino !== null) break;
    let st;
    try {
      st = statSync(path);
    } catch (err) {
      if (errorCode(err) === "ENOENT") continue;
      throw err;
    }
    if (Date.now() - st.mtimeMs > staleMs) {
      breakStale(path, st.ino);
      continue;
    }
    if (Date.now() >= deadline) {
      throw new InputError({ file: path }, `the lock to be released within ${waitMs} ms (another alias move is under way; a lock older than ${staleMs} ms is broken)`, `a lock held by ${holderText(path)}`);
    }
    sleep(retryMs);
  }
  try {
    return fn();
  } finally {
    try {
      if (statSync(path).ino === ino) rmSync(path);
    } catch (err) {
      if (errorCode(err) !== "ENOENT") throw err;
    }
  }
}
