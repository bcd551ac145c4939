import { describe, expect, it } from "vitest";
import { countingRunner, type TaskRunner } from "../../src/util/workerPool.js";

interface Tasks {
  half: (state: unknown, x: number) => number;
}

/** A runner whose tasks settle in the order the test resolves them: odd inputs fail. */
function manualRunner(): { runner: TaskRunner<Tasks>; settle: () => void } {
  const pending: (() => void)[] = [];
  const runner: TaskRunner<Tasks> = {
    size: 2,
    run: (_name, x) => new Promise((resolve, reject) => pending.push(() => (x % 2 === 0 ? resolve((x / 2) as never) : reject(new Error(`odd ${x}`))))),
    close: async () => undefined,
  };
  return { runner, settle: () => pending.shift()!() };
}

describe("countingRunner", () => {
  it("counts every settled task, failed ones included, and passes results and errors through", async () => {
    const { runner, settle } = manualRunner();
    const counts: number[] = [];
    const counted = countingRunner(runner, (n) => counts.push(n));
    expect(counted.size).toBe(2);
    const a = counted.run("half", 4);
    const b = counted.run("half", 3);
    expect(counts).toEqual([]);
    settle();
    await expect(a).resolves.toBe(2);
    settle();
    await expect(b).rejects.toThrow("odd 3");
    expect(counts).toEqual([1, 2]);
  });
});
