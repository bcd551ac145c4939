/**
 * The pipeline run a notebook shows, shared through the run cache (`src/io/runCache.ts`): the
 * first notebook to need a config's run pays for it, every later one (and every kernel restart)
 * reads it back. Like `config.ts`, an edge of the workspace: it reads the disk through `src/io`.
 */
import type { Config } from "../config/config.js";
import { assertFreshBuildWhenBuilt } from "../io/libraryBuild.js";
import { loadSource } from "../io/loadSource.js";
import { cacheRun, KEY_PREFIX_LENGTH, readCachedRun, runCacheDir, runCacheKey } from "../io/runCache.js";
import { runPipeline, type PipelineResult } from "../pipeline/run.js";
import { formatSeconds } from "../util/format.js";
import { notebookConfig, type Env } from "./config.js";

/** Options of {@link notebookRun}. */
export interface NotebookRunOptions {
  /** Where `$CHURN_CACHE_DIR` is read from (default `process.env`). */
  readonly env?: Env;
  /** Receives the one line saying what happened (default `console.log`). */
  readonly log?: (line: string) => void;
}

/**
 * The pipeline's result for `config` (default {@link notebookConfig}): read from the run cache
 * when this config, input and code version ran before, else loaded, run and stored. Logs one line,
 * `run cache hit <key prefix>` or `ran the pipeline in X s, cached as <key prefix>` (or `… not
 * cached (why)` when the write failed: the run is returned all the same). A hit carries `config`
 * itself, which may differ from the cached run's in `compute` and `output` only. Throws when the
 * built library is older than `src/` (see `assertFreshBuild`).
 */
export async function notebookRun(config: Config = notebookConfig(), options: NotebookRunOptions = {}): Promise<PipelineResult> {
  assertFreshBuildWhenBuilt();
  const log = options.log ?? ((line: string) => console.log(line));
  const cacheDir = runCacheDir(options.env);
  const key = runCacheKey(config);
  const cached = readCachedRun(key, cacheDir);
  if (cached !== null) {
    log(`run cache hit ${key.slice(0, KEY_PREFIX_LENGTH)}`);
    return { ...cached, config };
  }
  const t0 = performance.now();
  const result = await runPipeline(loadSource(config), config);
  log(`ran the pipeline in ${formatSeconds(performance.now() - t0, 1)}, ${cacheRun(config, result, cacheDir).note}`);
  return result;
}
