import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadSource } from "../../src/io/loadSource.js";
import { writeOutputDir } from "../../src/io/outputDir.js";
import { cacheRun, canonicalJson, codeVersion, libraryCodeVersion, listRunCache, pruneRunCache, readCachedRun, runCacheDir, runCacheKey, RUN_CACHE_FILE, RUN_CACHE_WRITER, writeCachedRun } from "../../src/io/runCache.js";
import { OUTPUT_MARKER } from "../../src/io/safeTarget.js";
import { runPipeline, type PipelineResult } from "../../src/pipeline/run.js";
import { testConfig } from "../helpers/config.js";
import { snapshotTree } from "../helpers/tree.js";

const base = mkdtempSync(join(tmpdir(), "churn-run-cache-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;
const freshDir = (): string => join(base, `cache-${++n}`);

/** A stand-in for a result where only the cache's bookkeeping is under test. */
const fake = (tag: number): PipelineResult => ({ evaluation: { tag }, decisions: {} }) as unknown as PipelineResult;
const key = (k: number): string => k.toString(16).padStart(64, "0");

describe("canonicalJson", () => {
  it("sorts keys at every level and keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null }, e: undefined })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }));
  });

  it("refuses what JSON cannot hold exactly", () => {
    expect(() => canonicalJson({ x: Number.NaN })).toThrow(RangeError);
    expect(() => canonicalJson({ x: new Map() })).toThrow(TypeError);
    expect(() => canonicalJson({ x: () => 1 })).toThrow(TypeError);
  });
});

describe("runCacheKey", () => {
  const config = testConfig();
  const k = runCacheKey(config, "code-a");

  it("is a SHA-256, the same for the same config, input and code", () => {
    expect(k).toMatch(/^[0-9a-f]{64}$/);
    expect(runCacheKey(testConfig(), "code-a")).toBe(k);
  });

  it("changes with the config, but not with the worker count or progress lines (they do not change a result)", () => {
    expect(runCacheKey(testConfig({ seed: config.seed + 1 }), "code-a")).not.toBe(k);
    expect(runCacheKey(testConfig({ cv: { gap: 2 } }), "code-a")).not.toBe(k);
    expect(runCacheKey(testConfig({ compute: { workers: 3 }, output: { progress: false } }), "code-a")).toBe(k);
  });

  it("changes with the code version", () => {
    expect(runCacheKey(config, "code-b")).not.toBe(k);
  });

  it("changes with the input file's bytes (and its path, which the result names)", () => {
    const dir = join(base, "inputs");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "telco.csv");
    const withSource = (source: string) => runCacheKey(testConfig({ data: { source } }), "code-a");
    writeFileSync(file, "customerID,tenure\nX,1\n");
    const before = withSource(file);
    expect(before).not.toBe(k);
    expect(withSource(file)).toBe(before);
    writeFileSync(file, "customerID,tenure\nX,2\n");
    expect(withSource(file)).not.toBe(before);
  });
});

describe("libraryCodeVersion", () => {
  const layout = (root: string) => ({ src: join(root, "src"), distSrc: join(root, "dist", "src") });
  const write = (root: string, files: Record<string, string>) => {
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
  };

  it("changes when a module of the library or the lockfile changes, and only then", () => {
    const root = join(base, "code");
    write(root, { "src/index.ts": 'export * from "./a.js";\n', "src/a.ts": 'import { b } from "./io/b.js";\nexport const a = b;\n', "src/io/b.ts": "export const b = 2;\n", "package-lock.json": "{}\n", "src/notes.md": "not code\n", "src/wip.ts": "export const w = 1;\n" });
    const lock = join(root, "package-lock.json");
    const v0 = libraryCodeVersion(layout(root), lock);
    expect(libraryCodeVersion(layout(root), lock)).toBe(v0);
    write(root, { "src/notes.md": "still not code\n", "src/wip.ts": "export const w = 2;\n" });
    expect(libraryCodeVersion(layout(root), lock)).toBe(v0);
    write(root, { "src/io/b.ts": "export const b = 3;\n" });
    const v1 = libraryCodeVersion(layout(root), lock);
    expect(v1).not.toBe(v0);
    write(root, { "package-lock.json": '{"x":1}\n' });
    const v2 = libraryCodeVersion(layout(root), lock);
    expect(v2).not.toBe(v1);
    write(root, { "src/index.ts": 'export * from "./a.js";\nexport * from "./wip.js";\n' });
    expect(libraryCodeVersion(layout(root), lock)).not.toBe(v2);
  });

  it("hashes the build's JavaScript when there are no sources, and throws when there is neither", () => {
    const root = join(base, "shipped");
    write(root, { "dist/src/a.js": "export const a = 1;\n" });
    const v = libraryCodeVersion(layout(root), null);
    write(root, { "dist/src/a.js": "export const a = 2;\n" });
    expect(libraryCodeVersion(layout(root), null)).not.toBe(v);
    expect(() => libraryCodeVersion(layout(join(base, "empty")), null)).toThrow(/no library files/);
  });

  it("of this checkout is computed once per process", () => {
    expect(codeVersion()).toMatch(/^[0-9a-f]{64}$/);
    expect(codeVersion()).toBe(codeVersion());
  });
});

describe("runCacheDir", () => {
  it("is $CHURN_CACHE_DIR resolved from the project root, or reports/cache", () => {
    expect(runCacheDir({})).toMatch(/\/reports\/cache$/);
    expect(runCacheDir({ CHURN_CACHE_DIR: "/tmp/x" })).toBe("/tmp/x");
    expect(runCacheDir({ CHURN_CACHE_DIR: "tmp/x" })).toMatch(/^\/.*\/tmp\/x$/);
  });
});

describe("a real run through the cache", () => {
  // The default models and the forest (every kind there is), on a synthetic source small enough for seconds.
  const models = [...new Set([...testConfig().evaluation.models, "forest"])];
  const config = testConfig({
    synthetic: { customers: 1200, months: 36 },
    cv: { folds: 3, testMonths: 6, minTrainMonths: 12 },
    models: { forest: { nEstimators: 3, maxTrainRows: 200 } },
    evaluation: { models, bootstrapReplicates: 20 },
    decision: { backtestMonths: 2 },
    compute: { workers: 1 },
  });
  let result: PipelineResult;
  beforeAll(async () => {
    result = await runPipeline(loadSource(config), config);
  }, 120_000);

  it("reads back deep-equal, typed arrays and Maps included (the result is plain data)", () => {
    const dir = freshDir();
    const k = runCacheKey(config);
    expect(readCachedRun(k, dir)).toBeNull();
    writeCachedRun(k, result, dir);
    expect(readdirSync(join(dir, k)).sort()).toEqual([OUTPUT_MARKER, RUN_CACHE_FILE]);
    expect(JSON.parse(readFileSync(join(dir, k, OUTPUT_MARKER), "utf8"))).toMatchObject({ writer: RUN_CACHE_WRITER });
    const back = readCachedRun(k, dir);
    expect(back).not.toBeNull();
    // toStrictEqual also compares prototypes: a class instance would come back as a plain object.
    expect(back).toStrictEqual(result);
    expect(back!.evaluation.outOfFold).toBeInstanceOf(Map);
    expect(back!.panel.label).toBeInstanceOf(Uint8Array);
    expect(back!.scored.rows.length).toBe(result.scored.rows.length);
  });

  it("cacheRun stores under the config's key, and says so in its note", () => {
    const dir = freshDir();
    const outcome = cacheRun(config, result, dir);
    expect(outcome).toEqual({ key: runCacheKey(config), stored: true, note: `cached as ${runCacheKey(config).slice(0, 12)}` });
    expect(listRunCache(dir)).toEqual([outcome.key]);
  });
});

describe("readCachedRun treats a damaged entry as a miss", () => {
  const k = key(1);
  const entry = (dir: string) => join(dir, k);

  it.each([
    ["a truncated result", (dir: string) => writeFileSync(join(entry(dir), RUN_CACHE_FILE), readFileSync(join(entry(dir), RUN_CACHE_FILE)).subarray(0, 10))],
    ["a changed byte", (dir: string) => {
      const bytes = readFileSync(join(entry(dir), RUN_CACHE_FILE));
      bytes[bytes.length - 1] ^= 1;
      writeFileSync(join(entry(dir), RUN_CACHE_FILE), bytes);
    }],
    ["no marker", (dir: string) => rmSync(join(entry(dir), OUTPUT_MARKER))],
    ["a marker that is not JSON", (dir: string) => writeFileSync(join(entry(dir), OUTPUT_MARKER), "{")],
    ["another writer's entry", (dir: string) => writeOutputDir(entry(dir), { [RUN_CACHE_FILE]: readFileSync(join(entry(dir), RUN_CACHE_FILE)) }, { writer: "report" })],
    ["bytes that are not a serialised result, with a matching marker", (dir: string) => writeOutputDir(entry(dir), { [RUN_CACHE_FILE]: "not v8 at all" }, { writer: RUN_CACHE_WRITER })],
    ["a folder where the result should be", (dir: string) => {
      rmSync(join(entry(dir), RUN_CACHE_FILE));
      mkdirSync(join(entry(dir), RUN_CACHE_FILE));
    }],
    ["a file where the entry should be", (dir: string) => {
      rmSync(entry(dir), { recursive: true });
      writeFileSync(entry(dir), "x");
    }],
  ])("%s", (_what, damage) => {
    const dir = freshDir();
    writeCachedRun(k, fake(1), dir);
    expect(readCachedRun(k, dir)).toEqual(fake(1));
    damage(dir);
    expect(readCachedRun(k, dir)).toBeNull();
  });

  it("and a key that is not one is a programming error", () => {
    expect(() => readCachedRun("../x", freshDir())).toThrow(/64 lowercase hex digits/);
  });
});

describe("the cache keeps the most recently used entries", () => {
  const age = (dir: string, k: string, seconds: number) => utimesSync(join(dir, k, RUN_CACHE_FILE), seconds, seconds);

  it("deletes the least recently used beyond the limit; a hit counts as a use", () => {
    const dir = freshDir();
    for (let i = 1; i <= 3; i++) {
      writeCachedRun(key(i), fake(i), dir, 3);
      age(dir, key(i), 1_000_000 + i);
    }
    expect(listRunCache(dir)).toEqual([key(3), key(2), key(1)]);
    expect(readCachedRun(key(1), dir)).toEqual(fake(1)); // key 1 is now the most recent
    writeCachedRun(key(4), fake(4), dir, 3);
    expect(listRunCache(dir).sort()).toEqual([key(1), key(3), key(4)]);
    expect(readCachedRun(key(2), dir)).toBeNull();
  });

  it("never deletes what the run cache did not write, or an entry changed since", () => {
    const dir = freshDir();
    writeCachedRun(key(1), fake(1), dir);
    writeCachedRun(key(2), fake(2), dir);
    age(dir, key(1), 1_000_001);
    age(dir, key(2), 1_000_002);
    writeFileSync(join(dir, key(1), RUN_CACHE_FILE), "edited by hand");
    age(dir, key(1), 1_000_001);
    mkdirSync(join(dir, key(9)));
    writeFileSync(join(dir, key(9), "thesis.txt"), "mine");
    writeFileSync(join(dir, "notes.txt"), "mine");
    writeOutputDir(join(dir, key(8)), { "report.html": "x" }, { writer: "report" });
    const before = snapshotTree(dir);
    expect(pruneRunCache(dir, 1)).toEqual([]);
    expect(snapshotTree(dir)).toEqual({ ...before });
    expect(listRunCache(dir)).toEqual([key(2), key(1)]);
    expect(() => pruneRunCache(dir, 0)).toThrow(RangeError);
  });

  it("cacheRun does not throw when the entry cannot be written, and says why", () => {
    const dir = freshDir();
    const config = testConfig();
    const k = runCacheKey(config);
    mkdirSync(join(dir, k), { recursive: true });
    writeFileSync(join(dir, k, "thesis.txt"), "mine");
    const outcome = cacheRun(config, fake(1), dir);
    expect(outcome.stored).toBe(false);
    expect(outcome.note).toMatch(/^not cached \(.*thesis\.txt/);
    expect(readFileSync(join(dir, k, "thesis.txt"), "utf8")).toBe("mine");
  });
});
