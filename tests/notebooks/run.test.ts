import { afterAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CACHE_DIR_ENV, listRunCache, runCacheKey, writeCachedRun } from "../../src/io/runCache.js";
import { notebookRun } from "../../src/notebook/run.js";
import type { PipelineResult } from "../../src/pipeline/run.js";
import { testConfig } from "../helpers/config.js";

const base = mkdtempSync(join(tmpdir(), "churn-notebook-run-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const config = testConfig({
  synthetic: { customers: 1200, months: 36 },
  cv: { folds: 3, testMonths: 6, minTrainMonths: 12 },
  evaluation: { bootstrapReplicates: 20 },
  decision: { backtestMonths: 2 },
  compute: { workers: 1 },
});

describe("notebookRun", () => {
  it("runs the pipeline once and caches it; later calls (with any worker count) read it back", async () => {
    const cacheDir = join(base, "shared");
    const env = { [CACHE_DIR_ENV]: cacheDir };
    const lines: string[] = [];
    const log = (line: string) => lines.push(line);
    const prefix = runCacheKey(config).slice(0, 12);

    const first = await notebookRun(config, { env, log });
    expect(lines).toEqual([expect.stringMatching(new RegExp(`^ran the pipeline in \\d+\\.\\d s, cached as ${prefix}$`))]);
    const again = await notebookRun(config, { env, log });
    expect(lines[1]).toBe(`run cache hit ${prefix}`);
    expect(again).toStrictEqual(first);

    const twoWorkers = testConfig({ ...config, compute: { workers: 2 } });
    const hit = await notebookRun(twoWorkers, { env, log });
    expect(lines[2]).toBe(`run cache hit ${prefix}`);
    expect(hit.config).toBe(twoWorkers);
    expect(listRunCache(cacheDir)).toEqual([runCacheKey(config)]);
  }, 120_000);

  it("returns what the cache holds under the config's key without running anything", async () => {
    const cacheDir = join(base, "prefilled");
    const stored = { evaluation: { models: [] }, decisions: { marker: 42 }, config } as unknown as PipelineResult;
    writeCachedRun(runCacheKey(config), stored, cacheDir);
    const lines: string[] = [];
    const result = await notebookRun(config, { env: { [CACHE_DIR_ENV]: cacheDir }, log: (l) => lines.push(l) });
    expect(result).toEqual(stored);
    expect(lines).toEqual([`run cache hit ${runCacheKey(config).slice(0, 12)}`]);
  });
});
