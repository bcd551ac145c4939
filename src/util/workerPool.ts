/**
 * A fixed pool of `worker_threads` that run named tasks of one task module, plus the inline
 * runner with the same interface, so a caller's result never depends on how many workers ran it.
 *
 * A task module exports `setup(context) → state` and `tasks: Record<name, (state, input) → output>`.
 * The context (e.g. a feature frame in SharedArrayBuffers) goes to each worker once; each task
 * input and output is structured-cloned. Tasks must be pure functions of (state, input): then 1
 * and N workers give bit-identical results, because a task computes the same thing wherever it runs.
 */
import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The input type of a task `(state, input) => output`. */
export type TaskInput<F> = F extends (state: never, input: infer I) => unknown ? I : never;
/** The output type of a task `(state, input) => output`. */
export type TaskOutput<F> = F extends (state: never, input: never) => infer O ? O : never;

/** A module whose tasks the pool runs: `setup` builds per-worker state from the shared context once. */
export interface TaskModule<C, S, T extends object> {
  readonly setup: (context: C) => S;
  readonly tasks: T;
}

/** Runs named tasks of a task table `T` (name → `(state, input) => output`); inline (one thread) or by a {@link WorkerPool}. */
export interface TaskRunner<T extends object> {
  /** Number of tasks that can run at once (1 inline). */
  readonly size: number;
  /** Runs task `name` on `input`; resolves with its output, rejects with its error. */
  run<K extends keyof T & string>(name: K, input: TaskInput<T[K]>): Promise<TaskOutput<T[K]>>;
  /** Ends the workers (no-op inline); pending tasks reject. */
  close(): Promise<void>;
}

/** `runner` with `onDone(count)` called after each of its tasks settles (count = tasks settled so far), for progress; results are unchanged. */
export function countingRunner<T extends object>(runner: TaskRunner<T>, onDone: (count: number) => void): TaskRunner<T> {
  let count = 0;
  const settled = (): void => onDone(++count);
  return {
    size: runner.size,
    run: (name, input) => {
      const task = runner.run(name, input);
      task.then(settled, settled);
      return task;
    },
    close: () => runner.close(),
  };
}

/** Worker count for `requested`: a whole number ≥ 1, or `"auto"` = `os.availableParallelism()`. */
export function resolveWorkerCount(requested: number | "auto"): number {
  if (requested === "auto") return Math.max(1, availableParallelism());
  if (!Number.isInteger(requested) || requested < 1) throw new RangeError(`workers must be "auto" or a whole number >= 1, got ${String(requested)}`);
  return requested;
}

/** A runner that calls the tasks on this thread, in call order. */
export function inlineRunner<C, S, T extends object>(module: TaskModule<C, S, T>, context: C): TaskRunner<T> {
  let state: S | undefined;
  return {
    size: 1,
    run(name, input) {
      try {
        state ??= module.setup(context);
        const task = module.tasks[name] as unknown as (s: S, i: typeof input) => TaskOutput<T[typeof name]>;
        return Promise.resolve(task(state, input));
      } catch (err) {
        return Promise.reject(err);
      }
    },
    close: () => Promise.resolve(),
  };
}

/** What the worker entry receives as `workerData`. */
export interface WorkerBoot {
  /** File URL of the task module. */
  readonly module: string;
  readonly context: unknown;
}

interface Pending {
  readonly resolve: (value: never) => void;
  readonly reject: (err: Error) => void;
}

/**
 * Where the worker entry lives: the compiled `.js` beside this file or, under tsx (tests,
 * `npm run …`), the `.ts` source behind a one-line ESM bootstrap that registers tsx's loader in the
 * worker first (a worker inherits no loader registered at run time).
 */
function workerScript(): URL {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new URL("./workerEntry.js", here);
  const tsxApi = pathToFileURL(join(dirname(createRequire(here).resolve("tsx")), "esm", "api", "index.mjs")).href;
  const entry = new URL("./workerEntry.ts", here).href;
  const code = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * A pool of `size` worker threads running the tasks of the module at `moduleUrl` (a file URL,
 * usually `new URL("./x.js", import.meta.url).href` with the right extension for the runtime).
 * Tasks are handed to idle workers in call order; a task that throws rejects its promise and the
 * worker goes on. Call {@link WorkerPool.close} when done (workers keep the process alive).
 */
export class WorkerPool<T extends object> implements TaskRunner<T> {
  readonly size: number;
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: { name: string; input: unknown; pending: Pending }[] = [];
  private readonly inFlight = new Map<Worker, Pending>();
  private closed = false;

  constructor(moduleUrl: string, context: unknown, size: number) {
    this.size = resolveWorkerCount(size);
    const script = workerScript();
    const boot: WorkerBoot = { module: moduleUrl, context };
    for (let k = 0; k < this.size; k++) {
      const worker = new Worker(script, { workerData: boot });
      worker.on("message", (msg: { ok: true; value: unknown } | { ok: false; error: { message: string; stack?: string; name?: string } }) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        if (pending) {
          if (msg.ok) pending.resolve(msg.value as never);
          else pending.reject(Object.assign(new Error(msg.error.message), { name: msg.error.name ?? "Error", stack: msg.error.stack }));
        }
        this.release(worker);
      });
      worker.on("error", (err) => {
        const pending = this.inFlight.get(worker);
        this.inFlight.delete(worker);
        pending?.reject(err);
        this.failAll(err);
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  run<K extends keyof T & string>(name: K, input: TaskInput<T[K]>): Promise<TaskOutput<T[K]>> {
    if (this.closed) return Promise.reject(new Error("WorkerPool: run() after close()"));
    return new Promise((resolve, reject) => {
      this.queue.push({ name, input, pending: { resolve: resolve as (v: never) => void, reject } });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error("WorkerPool: closed"));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.dispatch();
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.shift()!;
      const job = this.queue.shift()!;
      this.inFlight.set(worker, job.pending);
      worker.postMessage({ name: job.name, input: job.input });
    }
  }

  private failAll(err: Error): void {
    for (const job of this.queue.splice(0)) job.pending.reject(err);
  }
}

/**
 * Copies every typed array reachable in `value` (plain objects and arrays, depth-first) into one
 * backed by a SharedArrayBuffer, so that posting the result to workers shares the memory instead of
 * copying it. Other values are kept as they are; the input is not mutated.
 */
export function shareTypedArrays<V>(value: V): V {
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const src = value as unknown as Float64Array;
    const Ctor = src.constructor as new (buffer: SharedArrayBuffer, offset: number, length: number) => Float64Array;
    const out = new Ctor(new SharedArrayBuffer(src.byteLength), 0, src.length);
    out.set(src);
    return out as unknown as V;
  }
  if (Array.isArray(value)) return value.map((v) => shareTypedArrays(v)) as unknown as V;
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = shareTypedArrays(v);
    return out as V;
  }
  return value;
}
