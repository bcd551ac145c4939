/**
 * `npm run notebooks [-- NAME …]`: builds the library (`dist/`, what the notebooks import) when it
 * is missing or older than `src/` (`staleBuildReason`), then executes every notebook in
 * `notebooks/` (or the named ones) under the tslab kernel, one after the other, and writes the
 * executed copy and an HTML export of each to `reports/notebooks/`.
 * The committed notebooks are never modified. The config is `$CHURN_CONFIG` (default
 * `configs/default.yaml`; CI uses `configs/quick.yaml`). The notebooks share one pipeline run per
 * config, input and code version through the run cache (`$CHURN_CACHE_DIR`, default
 * `reports/cache`; `npm run report` fills it too). Exits 1 if any notebook fails, after
 * printing the failing cell, its source and what the kernel wrote to stderr; 2 for a flag or a name
 * that matches no notebook (the shared CLI error contract, `src/cli/run.ts`).
 *
 * Needs Debian's Jupyter (`jupyter-nbconvert`, `python3-ipykernel`) and the tslab kernel spec:
 * `bash scripts/ci-jupyter.sh` installs and registers both. The functions are shared with
 * `tests/notebooks/notebooks.test.ts`.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";
import { runCli } from "../src/cli/run.js";
import { staleBuildReason } from "../src/io/libraryBuild.js";
import { writeOutputDir } from "../src/io/outputDir.js";
import { fromRoot } from "../src/io/paths.js";
import { assertReplaceableOutput, readOutputMarker } from "../src/io/safeTarget.js";
import { runCacheDir } from "../src/io/runCache.js";
import { InputError } from "../src/util/errors.js";

/** Debian's Python, which the apt packages install into (not a pyenv `python3` on PATH). */
export const JUPYTER_PYTHON = "/usr/bin/python3";
/** The cell-by-cell executor (nbclient) that reports tslab's stderr when a cell fails. */
export const EXECUTE_SCRIPT = fromRoot("scripts", "execute_notebook.py");
export const NOTEBOOK_DIR = fromRoot("notebooks");
export const REPORT_DIR = fromRoot("reports", "notebooks");

/** The committed notebooks, sorted by name (`00-walkthrough.ipynb`, `01-…`). */
export function listNotebooks(dir: string = NOTEBOOK_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb"))
    .sort()
    .map((f) => join(dir, f));
}

/**
 * Why the notebooks cannot be executed here, or null when they can: Debian's python3 with
 * nbclient and nbconvert, and a registered `tslab` kernel spec, are all required.
 */
export function notebookToolsMissing(): string | null {
  if (!existsSync(JUPYTER_PYTHON)) return `${JUPYTER_PYTHON} not found (Debian python3)`;
  const probe = spawnSync(
    JUPYTER_PYTHON,
    ["-Xfrozen_modules=off", "-c", "import nbclient, nbconvert\nfrom jupyter_client.kernelspec import KernelSpecManager\nprint(KernelSpecManager().get_kernel_spec('tslab').argv[0])"],
    { encoding: "utf8" },
  );
  if (probe.status !== 0) {
    const last = (probe.stderr || "").trim().split("\n").pop() ?? "";
    return /No such kernel|NoSuchKernel/.test(probe.stderr) ? "the tslab kernel is not registered (bash scripts/ci-jupyter.sh)" : `Jupyter is not installed (${last}; bash scripts/ci-jupyter.sh)`;
  }
  return null;
}

/** Compiles `src/` to `dist/` with `tsconfig.build.json` (the notebooks import `dist/src/…`). Throws with tsc's output on failure. */
export function buildLibrary(): void {
  const tsc = fromRoot("node_modules", ".bin", "tsc");
  const run = spawnSync(tsc, ["-p", fromRoot("tsconfig.build.json")], { encoding: "utf8", cwd: fromRoot(".") });
  if (run.status !== 0) throw new Error(`npm run build failed (exit ${run.status}):\n${run.stdout}${run.stderr}`);
}

/** Result of {@link executeNotebook}. */
export interface NotebookRun {
  readonly notebook: string;
  readonly ok: boolean;
  /** Wall-clock seconds, kernel start included. */
  readonly seconds: number;
  /** The executor's report: "ok in …", or the failing cell, its source and the kernel's stderr. */
  readonly report: string;
}

/**
 * Executes `notebook` cell by cell under its kernel (started in the notebook's folder, with
 * `env`), writing the executed copy to `executed` and, if every cell ran, the HTML export to
 * `html`. Never throws for a failing cell: `ok` is false and `report` says why.
 */
export function executeNotebook(notebook: string, options: { readonly executed?: string; readonly html?: string; readonly env?: NodeJS.ProcessEnv; readonly timeoutSeconds?: number } = {}): NotebookRun {
  const args = ["-Xfrozen_modules=off", EXECUTE_SCRIPT, notebook, "--timeout", String(options.timeoutSeconds ?? 900)];
  if (options.executed) args.push("--executed", options.executed);
  if (options.html) args.push("--html", options.html);
  const t0 = performance.now();
  const run = spawnSync(JUPYTER_PYTHON, args, { encoding: "utf8", env: options.env ?? process.env, maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  const report = `${run.stdout ?? ""}${run.stderr ?? ""}${run.error ? String(run.error) : ""}`.trim();
  return { notebook: basename(notebook), ok: run.status === 0, seconds, report };
}

interface NotebookJson {
  readonly cells: readonly { readonly cell_type: string; readonly source: string | readonly string[]; readonly outputs?: readonly { readonly output_type: string; readonly name?: string; readonly text?: string | readonly string[] }[] }[];
}

/** A cell's source as one string (nbformat stores it as a string or a list of lines). */
export function cellSource(source: string | readonly string[]): string {
  return typeof source === "string" ? source : source.join("");
}

/** Everything the code cells of an (executed) notebook file wrote to `stream` ("stdout" or "stderr"), in order. */
export function notebookStream(file: string, stream: "stdout" | "stderr"): string {
  const nb = JSON.parse(readFileSync(file, "utf8")) as NotebookJson;
  return nb.cells
    .flatMap((c) => c.outputs ?? [])
    .filter((o) => o.output_type === "stream" && o.name === stream)
    .map((o) => cellSource(o.text ?? ""))
    .join("");
}

const USAGE = "npm run notebooks -- [NAME-PREFIX ...] [--debug]";

/** The files of `dir` by name. */
function filesIn(dir: string): Record<string, Uint8Array> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
}

/** The files of a previous output of this command (so running a few notebooks keeps the others' copies); none otherwise. */
function previousOutputs(dir: string): Record<string, Uint8Array> {
  const marker = readOutputMarker(dir);
  return marker ? Object.fromEntries(Object.keys(marker.files).map((name) => [name, readFileSync(join(dir, name))])) : {};
}

function main(argv: readonly string[]): number {
  const flag = argv.find((a) => a.startsWith("-"));
  if (flag !== undefined) throw new InputError({ file: "command line" }, `notebook name prefixes as in: ${USAGE}`, JSON.stringify(flag));
  const all = listNotebooks();
  const chosen = argv.length === 0 ? all : all.filter((f) => argv.some((name) => basename(f).startsWith(name)));
  if (chosen.length === 0) throw new InputError({ file: "command line" }, `prefixes of ${all.map((f) => basename(f)).join(", ")}`, JSON.stringify(argv.join(" ")));
  const missing = notebookToolsMissing();
  if (missing !== null) {
    console.error(`notebooks: cannot execute: ${missing}`);
    return 1;
  }
  const t0 = performance.now();
  const stale = staleBuildReason();
  if (stale !== null) buildLibrary();
  const built = stale === null ? "dist/ is up to date" : `${stale}: built it in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  console.log(`notebooks: ${built}; config ${process.env["CHURN_CONFIG"] || "configs/default.yaml"}; run cache ${runCacheDir()}`);
  // Outputs go to a scratch folder, then replace reports/notebooks/ in one swap through the safe writer
  // (refused up front when that folder holds anything this tool did not write).
  assertReplaceableOutput(REPORT_DIR, { key: "reports/notebooks" });
  const scratch = mkdtempSync(join(tmpdir(), "churn-notebooks-"));
  let failed = 0;
  for (const nb of chosen) {
    const stem = basename(nb, ".ipynb");
    const run = executeNotebook(nb, { executed: join(scratch, `${stem}.ipynb`), html: join(scratch, `${stem}.html`) });
    console.log(`notebooks: ${run.ok ? "ok  " : "FAIL"} ${run.notebook} ${run.seconds.toFixed(1)} s`);
    if (!run.ok) {
      failed++;
      console.error(run.report);
    }
  }
  writeOutputDir(REPORT_DIR, { ...previousOutputs(REPORT_DIR), ...filesIn(scratch) }, { writer: "notebooks" });
  rmSync(scratch, { recursive: true, force: true });
  console.log(`notebooks: ${chosen.length - failed}/${chosen.length} executed in ${((performance.now() - t0) / 1000).toFixed(1)} s; HTML and executed copies in ${REPORT_DIR}`);
  return failed === 0 ? 0 : 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) runCli("notebooks", main);
