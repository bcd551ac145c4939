/**
 * Rich output for the tslab kernel: Plotly charts and tables as HTML strings that a notebook
 * passes to `tslab.display.html(…)`. The Plotly browser bundle cannot be imported in the kernel
 * (Node has no `self`), so the first chart of a kernel session carries the bundle as an inline
 * script and every chart draws itself once `window.Plotly` exists. Scripts in outputs run in
 * JupyterLab only for trusted notebooks (`jupyter trust notebooks/*.ipynb`), and always in the
 * HTML that `jupyter nbconvert --to html` writes.
 */
import { escapeHtml, inlineScript } from "../report/html.js";
import { plotlyBundle } from "../io/plotlyBundle.js";
import { jsonForHtml, PLOTLY_CONFIG, type PlotlyFigure } from "../report/plotly.js";
import { formatNumber } from "../util/format.js";

// Notebook cells write numbers with the workspace's one formatting module, as the report and the CLI do.
export { formatNumber, formatPercent } from "../util/format.js";

/** Marks the one `<script>` that holds the Plotly bundle (tests count it in exported HTML). */
export const PLOTLY_BUNDLE_MARKER = "data-churn-plotly-bundle";

/** Class of every chart container written by {@link chartHtml}. */
export const CHART_CLASS = "churn-chart";

/** Shown in a chart's place until its script draws it (it stays when outputs' scripts do not run: an untrusted notebook). */
export const UNTRUSTED_HINT = "Chart not drawn: scripts in outputs run only in trusted notebooks. Run the notebook yourself, or trust it: jupyter trust <notebook>.ipynb";

let bundleEmitted = false;
let bundleScript: string | undefined;

/**
 * `<script data-churn-plotly-bundle>` holding the Plotly browser bundle (~10 MB, read once per
 * process), which defines `window.Plotly`. {@link chartHtml} emits it with the first chart.
 */
export function plotlyBundleHtml(): string {
  if (bundleScript === undefined) bundleScript = `<script ${PLOTLY_BUNDLE_MARKER}="1">${inlineScript(plotlyBundle()).code}</script>`;
  return bundleScript;
}

/** Forgets that the bundle was emitted, so the next {@link chartHtml} carries it again (for a fresh output page, and tests). */
export function resetChartBundle(): void {
  bundleEmitted = false;
}

/** Options of {@link chartHtml}. */
export interface ChartHtmlOptions {
  /** Include the Plotly bundle: "once" (default) with the first chart of the process, "always", or "never". */
  readonly bundle?: "once" | "always" | "never";
}

/**
 * HTML for one Plotly chart: a `div.churn-chart` (holding {@link UNTRUSTED_HINT} until drawn)
 * followed by an inline script that finds that div (its previous sibling, so no ids and no
 * clashes between open notebooks), waits until
 * `window.Plotly` is loaded and the div is in the page (polling every 100 ms for up to 30 s),
 * then calls `Plotly.newPlot(div, data, layout, PLOTLY_CONFIG)` and sets
 * `data-chart-state="rendered"`; otherwise the div shows why it could not draw
 * (`data-chart-state="failed"`). The figure is embedded as HTML-safe JSON (`jsonForHtml`).
 * With the default `bundle: "once"`, the first call in the process prepends {@link plotlyBundleHtml}.
 */
export function chartHtml(figure: PlotlyFigure, options: ChartHtmlOptions = {}): string {
  const mode = options.bundle ?? "once";
  const withBundle = mode === "always" || (mode === "once" && !bundleEmitted);
  if (withBundle) bundleEmitted = true;
  const draw = inlineScript(`(function () {
  var script = document.currentScript;
  var el = script && script.previousElementSibling;
  if (!el) return;
  var figure = ${jsonForHtml({ data: figure.data, layout: figure.layout })};
  var config = ${JSON.stringify(PLOTLY_CONFIG)};
  var tries = 0;
  function draw() {
    if (window.Plotly && el.isConnected) {
      el.textContent = "";
      window.Plotly.newPlot(el, figure.data, figure.layout, config).then(
        function () { el.setAttribute("data-chart-state", "rendered"); },
        function (e) { el.setAttribute("data-chart-state", "failed"); el.textContent = "Chart could not be drawn: " + (e && e.message ? e.message : e); }
      );
    } else if (tries++ < 300) {
      setTimeout(draw, 100);
    } else {
      el.setAttribute("data-chart-state", "failed");
      el.textContent = "Chart could not be drawn: Plotly did not load. Trust the notebook (jupyter trust) and run all cells from the top.";
    }
  }
  draw();
})();`).code;
  return `${withBundle ? plotlyBundleHtml() : ""}<div class="${CHART_CLASS}" data-chart-state="pending" style="width:100%">${escapeHtml(UNTRUSTED_HINT)}</div><script>${draw}</script>`;
}

/**
 * What a table cell may hold: text, a number (formatted by {@link formatNumber}), a flag, a list
 * (items joined with ", "), or nothing (an empty cell). Other values are shown as JSON.
 */
export type TableValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Options of {@link tableHtml}. */
export interface TableHtmlOptions {
  /** Row labels shown as a first, header-styled column (e.g. a danfojs frame's `index`); same length as the rows. */
  readonly index?: readonly (string | number)[];
  /** Significant digits of non-integer numbers (default 4). */
  readonly digits?: number;
  readonly caption?: string;
  /** Show at most this many rows, followed by a note of how many were left out (default: all). */
  readonly maxRows?: number;
  /** Columns in this order (default: every key, in order of first appearance). */
  readonly columns?: readonly string[];
}

// Jupyter's stylesheet right-aligns every cell; text reads better left-aligned.
const LEFT = ' style="text-align:left"';
const RIGHT = ' style="text-align:right"';

function cellHtml(value: unknown, digits: number): string {
  if (value === null || value === undefined) return "<td></td>";
  if (typeof value === "number") return `<td${RIGHT}>${escapeHtml(formatNumber(value, digits))}</td>`;
  if (Array.isArray(value)) return `<td${LEFT}>${escapeHtml(value.map((v: unknown) => (typeof v === "number" ? formatNumber(v, digits) : String(v))).join(", "))}</td>`;
  if (typeof value === "object") return `<td${LEFT}>${escapeHtml(JSON.stringify(value))}</td>`;
  return `<td${LEFT}>${escapeHtml(String(value))}</td>`;
}

/**
 * An HTML `<table>` of `rows` (records, e.g. from `danfojs.toJSON(df)`, the row builders in this
 * folder or the library's own row types such as `FeatureInfo`; cells as in {@link TableValue}):
 * header from the column names, every text escaped, numbers right-aligned and formatted, text
 * left-aligned (a column's header follows its first non-empty cell). Throws on no rows, on an
 * index of the wrong length and on an invalid `maxRows`.
 */
export function tableHtml<T extends object>(rows: readonly T[], options: TableHtmlOptions = {}): string {
  if (rows.length === 0) throw new RangeError("tableHtml: no rows");
  const { index, digits = 4, caption, maxRows = rows.length } = options;
  if (index !== undefined && index.length !== rows.length) throw new RangeError(`tableHtml: index has ${index.length} labels for ${rows.length} rows`);
  if (!Number.isInteger(maxRows) || maxRows < 1) throw new RangeError(`tableHtml: maxRows must be a positive integer, got ${maxRows}`);
  const columns = options.columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const shown = rows.slice(0, maxRows);
  const cell = (r: T, c: string): unknown => (r as Record<string, unknown>)[c];
  const numeric = columns.map((c) => typeof shown.map((r) => cell(r, c)).find((v) => v !== null && v !== undefined) === "number");
  const head = `<tr>${index ? "<th></th>" : ""}${columns.map((c, j) => `<th${numeric[j] ? RIGHT : LEFT}>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = shown
    .map((r, i) => `<tr>${index ? `<th${LEFT}>${escapeHtml(String(index[i]))}</th>` : ""}${columns.map((c) => cellHtml(cell(r, c), digits)).join("")}</tr>`)
    .join("\n");
  const more = rows.length > shown.length ? `<p><em>… ${rows.length - shown.length} more rows not shown (${rows.length} in all)</em></p>` : "";
  const cap = caption === undefined ? "" : `<caption>${escapeHtml(caption)}</caption>`;
  return `<table class="churn-table">${cap}<thead>${head}</thead>\n<tbody>\n${body}\n</tbody></table>${more}`;
}

/**
 * The shape of a table-like object with row labels: a danfojs `DataFrame` (2-D `values`) or
 * `Series` (1-D `values`) fits it structurally, so the library needs no danfojs import.
 */
export interface FrameLike {
  readonly index: readonly (string | number)[];
  readonly columns: readonly string[];
  readonly values: readonly unknown[];
}

/**
 * {@link tableHtml} of a frame-like object (e.g. `df.head()`, `df.describe()`,
 * `df.column("Contract").valueCounts()`), with its index as row labels. `header` renames the
 * columns (a Series' single column is called "0" by danfojs). Throws when `header` has the wrong length.
 */
export function frameHtml(frame: FrameLike, options: TableHtmlOptions & { readonly header?: readonly string[] } = {}): string {
  const { header, ...rest } = options;
  const columns = header ?? frame.columns;
  if (columns.length !== frame.columns.length) throw new RangeError(`frameHtml: header has ${columns.length} names for ${frame.columns.length} columns (${JSON.stringify(frame.columns)})`);
  const rows = frame.values.map((v) => {
    const cells: readonly unknown[] = Array.isArray(v) ? v : [v];
    return Object.fromEntries(columns.map((c, j) => [c, cells[j]]));
  });
  return tableHtml(rows, { ...rest, index: frame.index, columns });
}
