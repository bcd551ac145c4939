import { afterAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { assertFreshBuild, LIBRARY_ENTRIES, LIBRARY_LAYOUT, libraryModules, listTreeFiles, runningFromBuild, staleBuildReason, type LibraryLayout } from "../../src/io/libraryBuild.js";
import { fromRoot } from "../../src/io/paths.js";

const base = mkdtempSync(join(tmpdir(), "churn-library-build-"));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let n = 0;

/** A fake checkout: each file (path below the root → modification time in seconds) written with that time. */
function tree(files: Record<string, number>): LibraryLayout {
  const root = join(base, `case-${++n}`);
  for (const [path, seconds] of Object.entries(files)) {
    const abs = join(root, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, `// ${path}\n`);
    utimesSync(abs, seconds, seconds);
  }
  return { src: join(root, "src"), distSrc: join(root, "dist", "src") };
}

const T = 1_700_000_000;
/** Sources edited at T, built at T + 60. */
const FRESH = { "src/index.ts": T, "src/io/a.ts": T, "src/io/b.ts": T, "dist/src/index.js": T + 60, "dist/src/io/a.js": T + 60, "dist/src/io/b.js": T + 61 };

describe("staleBuildReason", () => {
  it("passes a build newer than every source it compiles", () => {
    const layout = tree(FRESH);
    expect(staleBuildReason(layout)).toBeNull();
    expect(() => assertFreshBuild(layout)).not.toThrow();
  });

  it("fires when a source changed after the build, naming the newest one, in one line with the fix", () => {
    const layout = tree({ ...FRESH, "src/io/a.ts": T + 120, "src/io/b.ts": T + 90 });
    expect(staleBuildReason(layout)).toBe("dist/ is older than src/ (src/io/a.ts changed after the last build)");
    expect(() => assertFreshBuild(layout)).toThrow(/^dist\/ is older than src\/ \(src\/io\/a\.ts changed after the last build\): run `npm run build`[^\n]*$/);
  });

  it("compares with the oldest output: a build interrupted half-way is stale", () => {
    expect(staleBuildReason(tree({ ...FRESH, "dist/src/io/a.js": T - 5 }))).toMatch(/changed after the last build/);
  });

  it("fires when dist/ is missing or holds no build of src/", () => {
    expect(staleBuildReason(tree({ "src/index.ts": T }))).toMatch(/^dist\/ is missing/);
    expect(staleBuildReason(tree({ "src/index.ts": T, "dist/src/other.js": T + 60 }))).toMatch(/^dist\/ is missing/);
    expect(() => assertFreshBuild(tree({ "src/index.ts": T }))).toThrow(/run `npm run build`/);
  });

  it("ignores sources the build does not compile (the CLIs, declaration files) and outputs whose source is gone", () => {
    expect(staleBuildReason(tree({ ...FRESH, "src/cli/report.ts": T + 500, "src/types.d.ts": T + 500, "dist/src/gone.js": T - 1000 }))).toBeNull();
  });
});

describe("listTreeFiles", () => {
  it("lists the files with a suffix below a folder, sorted, with / separators; none for a missing folder", () => {
    const layout = tree({ "src/b.ts": T, "src/a/z.ts": T, "src/a/y.js": T, "src/types.d.ts": T });
    expect(listTreeFiles(layout.src, ".ts")).toEqual(["a/z.ts", "b.ts", "types.d.ts"]);
    expect(listTreeFiles(join(base, "absent"), ".ts")).toEqual([]);
  });
});

describe("libraryModules", () => {
  it("follows relative specifiers (imports, re-exports, import(), worker URLs) from the entry points, and nothing else", () => {
    const root = join(base, "modules");
    const files: Record<string, string> = {
      "index.ts": 'export * from "./a/a.js";\nimport type { T } from "./types.js";\n',
      "a/a.ts": 'import { c } from "../c.js";\nexport const load = () => import("./lazy.js");\nexport { c };\n',
      "a/lazy.ts": 'export const worker = new URL("../worker.ts", import.meta.url);\n',
      "c.ts": 'export const c = 1; // see "./missing.js" and "../../outside.js"\n',
      "types.ts": "export type T = number;\n",
      "worker.ts": "",
      "wip.ts": 'import { c } from "./c.js";\n',
      "cli/report.ts": 'import "../index.js";\n',
    };
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, p)), { recursive: true });
      writeFileSync(join(root, p), text);
    }
    expect(libraryModules(root, ["index.ts"])).toEqual(["a/a.ts", "a/lazy.ts", "c.ts", "index.ts", "types.ts", "worker.ts"]);
    expect(libraryModules(join(base, "absent"), ["index.ts"])).toEqual([]);
  });

  it("starts from the files tsconfig.build.json compiles, and in this checkout is exactly what the build emits", () => {
    const build = JSON.parse(readFileSync(fromRoot("tsconfig.build.json"), "utf8")) as { files: string[] };
    expect(build.files.map((f) => f.replace(/^src\//, ""))).toEqual([...LIBRARY_ENTRIES]);
    const modules = libraryModules(LIBRARY_LAYOUT.src);
    expect(modules).toContain("pipeline/run.ts");
    expect(modules).toContain("util/workerEntry.ts");
    expect(modules.some((m) => m.startsWith("cli/"))).toBe(false);
  });
});

describe("runningFromBuild", () => {
  it("is true for a module under <root>/dist/ only", () => {
    const root = join(base, "root");
    expect(runningFromBuild(pathToFileURL(join(root, "dist", "src", "io", "libraryBuild.js")).href, root)).toBe(true);
    expect(runningFromBuild(pathToFileURL(join(root, "src", "io", "libraryBuild.ts")).href, root)).toBe(false);
    expect(runningFromBuild(pathToFileURL(join(root, "distant", "x.js")).href, root)).toBe(false);
    // These tests run the sources under tsx.
    expect(runningFromBuild()).toBe(false);
  });
});
