import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { fromRoot, PROJECT_ROOT } from "./paths.js";

/** Where the library's sources and their compiled JavaScript live (absolute folders). */
export interface LibraryLayout {
  /** The TypeScript sources, `src/`. */
  readonly src: string;
  /** Their build output, `dist/src/` (`npm run build`, `tsconfig.build.json`). */
  readonly distSrc: string;
}

/** This checkout's layout: `<root>/src` and `<root>/dist/src`. */
export const LIBRARY_LAYOUT: LibraryLayout = { src: fromRoot("src"), distSrc: fromRoot("dist", "src") };

/** The library's entry points below `src/`: the `files` that `tsconfig.build.json` compiles (a test keeps the two equal). */
export const LIBRARY_ENTRIES: readonly string[] = ["index.ts", "notebook/index.ts", "util/workerEntry.ts"];

/** A relative module specifier in quotes (`"./x.js"`, `'../y/z.ts'`): imports, re-exports, `import()`, `new URL(…)`. */
const RELATIVE_MODULE = /["'](\.\.?\/[^"'\s]+)\.(?:js|ts)["']/g;

/**
 * The library's own modules: paths (relative to `srcDir`, sorted) of the `.ts` files reachable from
 * `entries` through relative module specifiers. Any quoted `./x.js` or `../x.ts` in a file counts
 * (imports, `import()`, worker URLs, even comments), so the set may hold a file too many, never one
 * too few; specifiers naming no file are skipped. Work in progress that nothing imports yet (and
 * the CLIs) is not part of it.
 */
export function libraryModules(srcDir: string, entries: readonly string[] = LIBRARY_ENTRIES): string[] {
  const seen = new Set<string>();
  const queue = entries.filter((e) => existsSync(join(srcDir, e)));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const m of readFileSync(join(srcDir, file), "utf8").matchAll(RELATIVE_MODULE)) {
      const target = posix.normalize(posix.join(posix.dirname(file), `${m[1]!}.ts`));
      if (!target.startsWith("../") && !seen.has(target) && lstatSync(join(srcDir, target), { throwIfNoEntry: false })?.isFile() === true) queue.push(target);
    }
  }
  return [...seen].sort();
}

/**
 * Paths (relative to `dir`, `/`-separated, sorted by code unit) of the regular files below `dir`
 * whose names end with `suffix`; symbolic links are not followed. Empty when `dir` does not exist.
 */
export function listTreeFiles(dir: string, suffix: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
  return entries
    .filter((p) => p.endsWith(suffix) && lstatSync(join(dir, p), { throwIfNoEntry: false })?.isFile() === true)
    .map((p) => p.split(sep).join("/"))
    .sort();
}

/**
 * Why the build in `layout.distSrc` is older than the sources in `layout.src`, or null when it is
 * not. Compares every source `x.ts` (declaration files `.d.ts` aside) that has a build output
 * `x.js`: the build is stale when the newest such source was modified after the oldest such
 * output (one `tsc` run rewrites every output, so after a build the oldest output is the build's
 * time). Sources the build does not compile (the CLIs) and outputs whose source is gone are
 * ignored; a new source file counts through the edited file that imports it. No source with an
 * output (no `dist/`, or an empty one) is stale too. Modification times only: a source copied
 * in with an older time (`cp -p`, `rsync -a`) is not seen.
 */
export function staleBuildReason(layout: LibraryLayout = LIBRARY_LAYOUT): string | null {
  const built = new Set(listTreeFiles(layout.distSrc, ".js"));
  const pairs = listTreeFiles(layout.src, ".ts").filter((p) => !p.endsWith(".d.ts") && built.has(`${p.slice(0, -3)}.js`));
  if (pairs.length === 0) return `dist/ is missing (no build of src/ in ${layout.distSrc})`;
  let newest = { path: "", ms: -Infinity };
  let oldestOutput = Infinity;
  for (const p of pairs) {
    const ms = statSync(join(layout.src, p)).mtimeMs;
    if (ms > newest.ms) newest = { path: p, ms };
    oldestOutput = Math.min(oldestOutput, statSync(join(layout.distSrc, `${p.slice(0, -3)}.js`)).mtimeMs);
  }
  return newest.ms > oldestOutput ? `dist/ is older than src/ (src/${newest.path} changed after the last build)` : null;
}

/** Throws a one-line `Error` with the fix (`npm run build`) when {@link staleBuildReason} finds the build stale. */
export function assertFreshBuild(layout: LibraryLayout = LIBRARY_LAYOUT): void {
  const why = staleBuildReason(layout);
  if (why !== null) throw new Error(`${why}: run \`npm run build\` (then restart the kernel)`);
}

/** Whether the module at `moduleUrl` (default: this one) is the built library, i.e. lies under `<root>/dist/`. */
export function runningFromBuild(moduleUrl: string = import.meta.url, root: string = PROJECT_ROOT): boolean {
  const rel = relative(join(root, "dist"), fileURLToPath(moduleUrl));
  return rel !== "" && !rel.startsWith("..");
}

/**
 * {@link assertFreshBuild} when this code runs from `dist/` (the notebooks); a no-op under tsx
 * (tests, `npm run …`), which runs the sources themselves. A stale `dist/` is never used silently.
 */
export function assertFreshBuildWhenBuilt(): void {
  if (runningFromBuild()) assertFreshBuild();
}
