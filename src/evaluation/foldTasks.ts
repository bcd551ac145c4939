/**
 * The cross-validation task module: what a worker of the pool loads (`setup`, `tasks`), and the
 * factory of the runner that the evaluation stage uses (inline for one worker, a pool otherwise).
 */
import { inlineRunner, shareTypedArrays, WorkerPool, type TaskRunner } from "../util/workerPool.js";
import { fitFold, type FoldContext, type FoldTasks } from "./crossValidate.js";

/** Per-worker state: the context itself (frames and labels, shared memory when posted from the pool). */
export function setup(context: FoldContext): FoldContext {
  return context;
}

/** The tasks of this module, by name. */
export const tasks: FoldTasks = { fitFold };

/**
 * A runner of fold fits over `context`: inline on this thread when `workers` is 1, else a pool of
 * `workers` threads sharing the frames through SharedArrayBuffers. Close it when done.
 */
export function foldRunner(context: FoldContext, workers: number): TaskRunner<FoldTasks> {
  if (workers <= 1) return inlineRunner({ setup, tasks }, context);
  const self = new URL(import.meta.url.endsWith(".ts") ? "./foldTasks.ts" : "./foldTasks.js", import.meta.url).href;
  return new WorkerPool<FoldTasks>(self, shareTypedArrays(context), workers);
}
