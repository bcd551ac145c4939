// The notebooks: committed clean and thin (static checks), type-correct under tslab's own
// TypeScript 5.0.4 against the built library, and — where Debian's Jupyter and the tslab kernel
// are installed (bash scripts/ci-jupyter.sh) — executed cell by cell under the real kernel with
// configs/quick.yaml: no cell fails, all of them together cost one pipeline run (the run cache),
// the walkthrough's headline equals metricsDocument of a fresh run, the HTML exports carry the
// Plotly bundle once and every figure, and Chromium draws them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { staleBuildReason } from "../../src/io/libraryBuild.js";
import { loadSource } from "../../src/io/loadSource.js";
import { fromRoot } from "../../src/io/paths.js";
import { readConfig } from "../../src/io/readConfig.js";
import { CACHE_DIR_ENV, listRunCache, runCacheKey } from "../../src/io/runCache.js";
import { CHART_CLASS, PLOTLY_BUNDLE_MARKER } from "../../src/notebook/display.js";
import { HEADLINE_PATHS, headlineNumbers, parseWalkthroughLine } from "../../src/notebook/headline.js";
import { metricsDocument, type Json } from "../../src/pipeline/metricsDocument.js";
import { runPipeline } from "../../src/pipeline/run.js";
import { buildLibrary, cellSource, executeNotebook, listNotebooks, notebookStream, notebookToolsMissing, NOTEBOOK_DIR, type NotebookRun } from "../../scripts/notebooks.js";
import { chromiumPath, findChromium, launchChromium } from "../helpers/browser.js";

const EXPECTED = [
  "00-walkthrough",
  "01-data-and-quality",
  "02-temporal-labels",
  "03-features",
  "04-time-aware-cv",
  "05-models-and-calibration",
  "06-expected-value-and-profit",
  "07-action-plan",
  "08-serving",
  "09-monitoring",
  "10-experiments",
];
/** "No notebook defines a function longer than a few lines": method code lives in src/. */
const MAX_FUNCTION_LINES = 3;
const ALLOWED_IMPORTS = new Set(["tslab", "danfojs-node", "arquero"]);
const QUICK_CONFIG = "configs/quick.yaml";

interface Cell {
  readonly cell_type: "code" | "markdown" | "raw";
  readonly source: string | readonly string[];
  readonly outputs?: readonly unknown[];
  readonly execution_count?: number | null;
}
interface Notebook {
  readonly cells: readonly Cell[];
  readonly metadata: { readonly kernelspec?: { readonly name?: string } };
}

const files = listNotebooks();
const notebooks = new Map(files.map((f) => [basename(f, ".ipynb"), JSON.parse(readFileSync(f, "utf8")) as Notebook]));
const codeCells = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code").map((c) => cellSource(c.source));

describe("notebooks as committed", () => {
  it("are the eleven numbered chapters", () => {
    expect([...notebooks.keys()]).toEqual(EXPECTED);
  });

  it.each(EXPECTED)("%s is clean (no outputs), uses the tslab kernel and opens with a numbered title", (name) => {
    const nb = notebooks.get(name)!;
    expect(nb.metadata.kernelspec?.name).toBe("tslab");
    for (const c of nb.cells.filter((c) => c.cell_type === "code")) {
      expect(c.outputs).toEqual([]);
      expect(c.execution_count ?? null).toBeNull();
    }
    expect(cellSource(nb.cells[0]!.source)).toMatch(new RegExp(`^# ${name.slice(0, 2)} · `));
  });

  it.each(EXPECTED)("%s imports only the built library, tslab, danfojs-node and arquero, and reads its config through notebookConfig()", (name) => {
    const code = codeCells(notebooks.get(name)!).join("\n");
    const source = ts.createSourceFile(`${name}.ts`, code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    const modules = source.statements.filter(ts.isImportDeclaration).map((d) => (d.moduleSpecifier as ts.StringLiteral).text);
    expect(modules.length).toBeGreaterThan(0);
    for (const m of modules) expect(ALLOWED_IMPORTS.has(m) || m.startsWith("../dist/src/"), `import from ${JSON.stringify(m)}`).toBe(true);
    expect(code).toContain("notebookConfig()");
    expect(code).not.toMatch(/readConfig\(/);
  });

  it.each(EXPECTED)(`%s defines no function longer than ${MAX_FUNCTION_LINES} lines`, (name) => {
    const long: string[] = [];
    codeCells(notebooks.get(name)!).forEach((code, cell) => {
      const source = ts.createSourceFile("cell.ts", code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
      const visit = (node: ts.Node): void => {
        if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node) || ts.isArrowFunction(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node)) {
          const lines = source.getLineAndCharacterOfPosition(node.getEnd()).line - source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          if (ts.isClassDeclaration(node) || lines > MAX_FUNCTION_LINES) long.push(`code cell ${cell}: ${lines} lines: ${node.getText().slice(0, 80)}`);
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    });
    expect(long).toEqual([]);
  });
});

// tslab compiles cells with its bundled TypeScript 5.0.4 and fixed options (it ignores tsconfig.json).
type TypeScript = typeof ts;
const tslabTs = createRequire(import.meta.url)("@tslab/typescript-for-tslab") as TypeScript;
const TSLAB_OPTIONS: ts.CompilerOptions = {
  module: tslabTs.ModuleKind.ESNext,
  moduleResolution: tslabTs.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  target: tslabTs.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts"],
  declaration: true,
  resolveJsonModule: true,
  experimentalDecorators: true,
  noEmit: true,
};

/** Diagnostics of `code` compiled as `file` with tslab's TypeScript and options, outside node_modules. */
function tslabDiagnostics(file: string, code: string, options: ts.CompilerOptions): string[] {
  const host = tslabTs.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (f) => (f === file ? code : readFile(f));
  host.fileExists = (f) => f === file || fileExists(f);
  const program = tslabTs.createProgram([file], options, host);
  return tslabTs
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || !d.file.fileName.includes("/node_modules/"))
    .map((d) => {
      const where = d.file ? `${d.file.fileName.replace(fromRoot("."), "")}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : "(global)";
      return `${where}: ${tslabTs.flattenDiagnosticMessageText(d.messageText, "\n")}`;
    });
}

describe(`the built library under tslab's TypeScript ${tslabTs.version}`, () => {
  beforeAll(() => buildLibrary(), 180_000);

  it("dist/ declarations type-check (skipLibCheck off for them) from the notebooks folder", () => {
    const probe = 'import * as lib from "../dist/src/index.js";\nimport * as nb from "../dist/src/notebook/index.js";\nexport const n: number = lib.STAGES.length + Object.keys(nb).length;\n';
    expect(tslabDiagnostics(join(NOTEBOOK_DIR, "__declarations__.ts"), probe, { ...TSLAB_OPTIONS, skipLibCheck: false })).toEqual([]);
  });

  it.each(EXPECTED)("%s: its code cells type-check as tslab compiles them", (name) => {
    const code = codeCells(notebooks.get(name)!).join("\n;\n");
    expect(tslabDiagnostics(join(NOTEBOOK_DIR, `__${name}__.ts`), code, { ...TSLAB_OPTIONS, skipLibCheck: true })).toEqual([]);
  });

  it("rejects what tslab rejects (the check is live): an ES2023 method", () => {
    expect(tslabDiagnostics(join(NOTEBOOK_DIR, "__probe__.ts"), "export const s = [2, 1].toSorted();\n", { ...TSLAB_OPTIONS, skipLibCheck: true }).join("\n")).toMatch(/toSorted/);
  });
});

const missing = notebookToolsMissing();
const CHROMIUM = findChromium();

describe.skipIf(missing !== null)(`notebooks executed under the tslab kernel with ${QUICK_CONFIG}${missing ? ` (skipped: ${missing})` : ""}`, () => {
  const runs = new Map<string, NotebookRun>();
  let outDir = "";
  const executed = (name: string) => join(outDir, `${name}.ipynb`);
  const html = (name: string) => join(outDir, `${name}.html`);
  // A fresh run cache, so the first pipeline notebook runs and the user's reports/cache is untouched.
  const cacheDir = () => join(outDir, "run-cache");

  beforeAll(() => {
    outDir = mkdtempSync(join(tmpdir(), "notebooks-"));
    if (staleBuildReason() !== null) buildLibrary();
  }, 180_000);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it.each(EXPECTED)(
    "%s runs without a cell error",
    (name) => {
      const env = { ...process.env, CHURN_CONFIG: QUICK_CONFIG, [CACHE_DIR_ENV]: cacheDir() };
      const run = executeNotebook(join(NOTEBOOK_DIR, `${name}.ipynb`), { executed: executed(name), html: html(name), env, timeoutSeconds: 600 });
      runs.set(name, run);
      console.log(`notebook ${name}: ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(1)} s`);
      // On failure the message is the failing cell, its source and what tslab wrote to stderr.
      expect(run.ok, run.report).toBe(true);
    },
    660_000,
  );

  it("all of them together cost one pipeline run: the first that needs it runs and caches it, the others read it back", () => {
    for (const name of EXPECTED) expect(runs.get(name)?.ok, `${name} did not run`).toBe(true);
    const lines = EXPECTED.flatMap((name) => notebookStream(executed(name), "stdout").split("\n").filter((l) => /^(ran the pipeline|run cache hit)/.test(l)).map((l) => `${name}: ${l}`));
    const key = runCacheKey(readConfig(fromRoot(QUICK_CONFIG))).slice(0, 12);
    expect(lines.filter((l) => l.includes("ran the pipeline"))).toEqual([expect.stringMatching(new RegExp(`^00-walkthrough: ran the pipeline in [0-9.]+ s, cached as ${key}$`))]);
    expect(lines.filter((l) => l.includes("run cache hit"))).toEqual(["04-time-aware-cv", "05-models-and-calibration", "06-expected-value-and-profit", "07-action-plan", "08-serving", "09-monitoring", "10-experiments"].map((n) => `${n}: run cache hit ${key}`));
    expect(listRunCache(cacheDir()).map((k) => k.slice(0, 12))).toEqual([key]);
  });

  it("a failing cell is reported with what tslab wrote to stderr (its error reply has no name or message), and later cells do not run", () => {
    const nb = {
      cells: [
        { cell_type: "code", id: "a", metadata: {}, execution_count: null, outputs: [], source: 'console.log("first");' },
        { cell_type: "code", id: "b", metadata: {}, execution_count: null, outputs: [], source: 'const n: number = 1;\nif (n > 0) throw new Error("boom-" + (n + 41));' },
        { cell_type: "code", id: "c", metadata: {}, execution_count: null, outputs: [], source: 'console.log("never");' },
      ],
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      nbformat: 4,
      nbformat_minor: 5,
    };
    const file = join(outDir, "failing.ipynb");
    writeFileSync(file, JSON.stringify(nb));
    const run = executeNotebook(file, { executed: join(outDir, "failing-out.ipynb") });
    expect(run.ok).toBe(false);
    expect(run.report).toContain("cell 1 failed");
    expect(run.report).toContain("Error: boom-42");
    expect(notebookStream(join(outDir, "failing-out.ipynb"), "stdout")).toBe("first\n");
  }, 120_000);

  it("00-walkthrough prints exactly the headline numbers of metricsDocument(runPipeline(same config))", async () => {
    expect(runs.get("00-walkthrough")?.ok, "00-walkthrough did not run").toBe(true);
    const shown = parseWalkthroughLine(notebookStream(executed("00-walkthrough"), "stdout"));
    expect(shown, "no WALKTHROUGH line in the notebook's output").not.toBeNull();
    const quick = readConfig(fromRoot(QUICK_CONFIG));
    const doc = metricsDocument(await runPipeline(loadSource(quick), quick));
    // The same numbers read independently of HEADLINE_PATHS, so a wrong path cannot pass (model metrics: the decision model's entry).
    const d = doc as { decisionModel: { model: string }; models: { model: string; raw: { rocAuc: number }; compared: { calibrated: { ece: number } } }[]; decisions: { backtest: { curve: { nStar: number; maxProfit: number } } } };
    const decision = d.models.find((m) => m.model === d.decisionModel.model)!;
    expect({ auc: shown!.auc, ece: shown!.ece, nStar: shown!.nStar, profit: shown!.profit }).toEqual({
      auc: decision.raw.rocAuc,
      ece: decision.compared.calibrated.ece,
      nStar: d.decisions.backtest.curve.nStar,
      profit: d.decisions.backtest.curve.maxProfit,
    });
    expect(shown).toEqual(headlineNumbers(doc as Json));
    expect(Object.keys(shown!).sort()).toEqual(Object.keys(HEADLINE_PATHS).sort());
  }, 300_000);

  it.each(EXPECTED)("%s: the HTML export holds the Plotly bundle once (if it has charts) and every chart's figure", (name) => {
    expect(runs.get(name)?.ok, `${name} did not run`).toBe(true);
    const page = readFileSync(html(name), "utf8");
    const charts = page.split(`class="${CHART_CLASS}"`).length - 1;
    const bundles = page.split(`${PLOTLY_BUNDLE_MARKER}="1"`).length - 1;
    const figures = [...page.matchAll(/var figure = (.*);\n/g)].map((m) => JSON.parse(m[1]!) as { data: unknown[] });
    expect(bundles).toBe(charts > 0 ? 1 : 0);
    expect(figures).toHaveLength(charts);
    for (const f of figures) expect(f.data.length).toBeGreaterThan(0);
    if (name === "00-walkthrough") expect(charts).toBe(6);
  });

  describe.skipIf(CHROMIUM === undefined)(`in headless Chromium${CHROMIUM === undefined ? ` (skipped: no Chromium at ${chromiumPath()})` : ""}`, () => {
    it("every chart of the walkthrough's HTML export is drawn", async () => {
      expect(runs.get("00-walkthrough")?.ok, "00-walkthrough did not run").toBe(true);
      const session = await launchChromium(CHROMIUM!);
      try {
        const opened = await session.open(html("00-walkthrough"));
        await opened.page.waitForFunction(`document.querySelectorAll(".${CHART_CLASS}[data-chart-state=pending]").length === 0`, undefined, { timeout: 60_000 });
        const states = (await opened.page.evaluate(
          `Array.from(document.querySelectorAll(".${CHART_CLASS}")).map((e) => e.getAttribute("data-chart-state") + ":" + (e.querySelector("svg.main-svg") && e.querySelectorAll(".scatterlayer .trace, .barlayer .trace").length > 0 ? "drawn" : "empty"))`,
        )) as string[];
        expect(states).toEqual(Array.from({ length: 6 }, () => "rendered:drawn"));
        expect(opened.pageErrors).toEqual([]);
      } finally {
        await session.close();
      }
    }, 120_000);
  });
});
