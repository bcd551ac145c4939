/**
 * The code each pool worker runs (see `workerPool.ts`): loads the task module named in
 * `workerData`, builds its state from the shared context once, then answers one message per task
 * with `{ ok, value }` or `{ ok: false, error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { WorkerBoot } from "./workerPool.js";

interface LoadedModule {
  setup(context: unknown): unknown;
  tasks: Record<string, (state: unknown, input: unknown) => unknown>;
}

const boot = workerData as WorkerBoot;
const module = (await import(boot.module)) as LoadedModule;
const state = module.setup(boot.context);

parentPort!.on("message", (msg: { name: string; input: unknown }) => {
  try {
    const task = module.tasks[msg.name];
    if (!task) throw new Error(`worker: no task named ${JSON.stringify(msg.name)}`);
    parentPort!.postMessage({ ok: true, value: task(state, msg.input) });
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ ok: false, error: { message: e?.message ?? String(err), stack: e?.stack, name: e?.name } });
  }
});
