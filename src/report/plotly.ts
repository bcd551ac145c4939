/**
 * Plotly in a self-contained HTML file: the browser bundle read once from the installed
 * `plotly.js-dist` package, chart containers with their figure as embedded JSON, and the one
 * inline script (bundle + loader) that draws them. Also the minimal typed figure model the
 * report's charts use, with {@link PlotlyText} so data strings are escaped for Plotly's labels.
 */
import { plotlyBundle } from "../io/plotlyBundle.js";
import { checkId, inlineScript, unsafeRawHtml, type InlineScript, type SafeHtml } from "./html.js";

declare const plotlyTextBrand: unique symbol;

/**
 * Text for a Plotly label (trace name, title, hover text, tick text, annotation). Plotly renders
 * these strings as pseudo-HTML (`<b>`, `<br>`, `<a href … popup=…>` …), so data must be escaped:
 * make one with {@link plotlyText} (escapes) or, for constant markup in code, {@link plotlyMarkup}.
 */
export type PlotlyText = string & { readonly [plotlyTextBrand]: true };

/**
 * Escapes `s` for a Plotly label: `&` `<` `>` become `&amp;` `&lt;` `&gt;`, entities Plotly
 * decodes back to the literal characters, so the text shows exactly as given and no tag in it is
 * interpreted.
 */
export function plotlyText(s: string): PlotlyText {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;") as PlotlyText;
}

/** Marks constant markup written in code (e.g. `"%{x:.3f}<br>%{y}"`, `"<b>N*</b>"`) as a {@link PlotlyText}. Never pass data. */
export function plotlyMarkup(markup: string): PlotlyText {
  return markup as PlotlyText;
}

/** Joins label lines with Plotly's `<br>`; each string part is escaped, PlotlyText parts are kept. */
export function plotlyLines(...lines: readonly (string | PlotlyText)[]): PlotlyText {
  return lines.map((l) => plotlyText(l)).join("<br>") as PlotlyText;
}

/** A value on a numeric axis; `null` leaves a gap. */
export type Datum = number | null;

/** Line style of a trace or shape. */
export interface PlotlyLine {
  readonly color?: string;
  readonly width?: number;
  readonly dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
  readonly shape?: "linear" | "hv" | "vh" | "spline";
}

/** A continuous colour scale: stops from 0 to 1 with their colours. */
export type PlotlyColorscale = readonly (readonly [number, string])[];

/** Marker style; `size` in px, per point when an array; a numeric `color` array is mapped through `colorscale` over [`cmin`, `cmax`]. */
export interface PlotlyMarker {
  readonly color?: string | readonly string[] | readonly number[];
  readonly colorscale?: PlotlyColorscale;
  readonly cmin?: number;
  readonly cmax?: number;
  /** Draw the colour bar of `colorscale` (one trace of a figure is enough). */
  readonly showscale?: boolean;
  readonly colorbar?: { readonly title?: { readonly text: PlotlyText; readonly side?: "right" | "top" | "bottom" }; readonly tickvals?: readonly number[]; readonly ticktext?: readonly PlotlyText[]; readonly thickness?: number; readonly len?: number; readonly outlinewidth?: number };
  readonly size?: number | readonly number[];
  readonly symbol?: "circle" | "square" | "diamond" | "x" | "triangle-up" | "line-ns" | "star";
  readonly opacity?: number;
  readonly line?: { readonly color?: string; readonly width?: number };
  readonly pattern?: { readonly shape?: "" | "/" | "\\" | "x" | "-" | "|" | "+" | "."; readonly fgcolor?: string };
}

interface TraceBase {
  readonly name?: PlotlyText;
  readonly showlegend?: boolean;
  readonly legendgroup?: string;
  readonly visible?: boolean | "legendonly";
  readonly opacity?: number;
  readonly hoverinfo?: "all" | "none" | "skip" | "text" | "name" | "x" | "y" | "x+y" | "x+y+name" | "y+name" | "x+name" | "text+name";
  readonly hovertext?: PlotlyText | readonly PlotlyText[];
  /** Constant markup with `%{…}` placeholders; never data (build it with {@link plotlyMarkup}). */
  readonly hovertemplate?: PlotlyText;
  readonly customdata?: readonly Datum[];
  /** `namelength: -1` shows the whole trace name in hover (Plotly cuts it at 15 characters otherwise). */
  readonly hoverlabel?: { readonly namelength?: number };
  readonly xaxis?: "x" | "x2";
  readonly yaxis?: "y" | "y2";
}

/** A line / marker trace. */
export interface ScatterTrace extends TraceBase {
  readonly type: "scatter";
  readonly mode: "lines" | "markers" | "lines+markers" | "text" | "markers+text" | "lines+markers+text" | "none";
  readonly x: readonly Datum[];
  readonly y: readonly Datum[];
  readonly line?: PlotlyLine;
  readonly marker?: PlotlyMarker;
  readonly fill?: "none" | "tonexty" | "tozeroy" | "toself";
  readonly fillcolor?: string;
  readonly text?: PlotlyText | readonly PlotlyText[];
  readonly textposition?: "top center" | "top right" | "top left" | "bottom center" | "middle right" | "middle left";
  readonly connectgaps?: boolean;
}

/** A bar trace; with `orientation: "h"` the bars run along x from `base`. */
export interface BarTrace extends TraceBase {
  readonly type: "bar";
  readonly x: readonly (Datum | PlotlyText)[];
  readonly y: readonly (Datum | PlotlyText)[];
  readonly orientation?: "v" | "h";
  readonly base?: number | readonly Datum[];
  readonly width?: number | readonly number[];
  readonly marker?: PlotlyMarker;
  readonly text?: PlotlyText | readonly PlotlyText[];
  readonly textposition?: "auto" | "inside" | "outside" | "none";
  readonly offsetgroup?: string;
  readonly cliponaxis?: boolean;
}

/** A heat map: `z[row][column]` over categories `y` (rows) and `x` (columns), coloured through `colorscale` over [`zmin`, `zmax`]. */
export interface HeatmapTrace extends TraceBase {
  readonly type: "heatmap";
  readonly x: readonly (Datum | PlotlyText)[];
  readonly y: readonly PlotlyText[];
  readonly z: readonly (readonly Datum[])[];
  readonly colorscale?: PlotlyColorscale;
  readonly zmin?: number;
  readonly zmax?: number;
  readonly showscale?: boolean;
  readonly colorbar?: PlotlyMarker["colorbar"];
  /** Hover text per cell, same shape as `z`. */
  readonly text?: readonly (readonly PlotlyText[])[];
  readonly xgap?: number;
  readonly ygap?: number;
}

/** Every trace type the report draws (histograms are pre-binned into {@link BarTrace}s). */
export type PlotlyTrace = ScatterTrace | BarTrace | HeatmapTrace;

/** An axis. */
export interface PlotlyAxis {
  readonly title?: { readonly text: PlotlyText; readonly standoff?: number };
  readonly type?: "linear" | "log" | "category";
  readonly range?: readonly [number, number];
  readonly autorange?: boolean | "reversed";
  readonly rangemode?: "normal" | "tozero" | "nonnegative";
  readonly tickmode?: "auto" | "linear" | "array" | "sync";
  readonly tickformat?: string;
  readonly hoverformat?: string;
  readonly tickvals?: readonly (number | PlotlyText)[];
  readonly ticktext?: readonly PlotlyText[];
  readonly dtick?: number;
  readonly zeroline?: boolean;
  readonly showgrid?: boolean;
  readonly gridcolor?: string;
  readonly overlaying?: "x" | "y";
  readonly side?: "left" | "right" | "top" | "bottom";
  readonly scaleanchor?: "x" | "y";
  readonly scaleratio?: number;
  readonly constrain?: "range" | "domain";
  readonly automargin?: boolean;
  readonly color?: string;
}

/** A line or rectangle drawn in data (`x`/`y`) or paper (0–1) coordinates. */
export interface PlotlyShape {
  readonly type: "line" | "rect";
  readonly xref?: "x" | "paper";
  readonly yref?: "y" | "y2" | "paper";
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly line?: PlotlyLine;
  readonly fillcolor?: string;
  readonly opacity?: number;
  readonly layer?: "below" | "above";
}

/** A text annotation. */
export interface PlotlyAnnotation {
  readonly text: PlotlyText;
  readonly x: number;
  readonly y: number;
  readonly xref?: "x" | "paper";
  readonly yref?: "y" | "y2" | "paper";
  readonly showarrow?: boolean;
  readonly arrowhead?: number;
  readonly ax?: number;
  readonly ay?: number;
  readonly xanchor?: "auto" | "left" | "center" | "right";
  readonly yanchor?: "auto" | "top" | "middle" | "bottom";
  readonly align?: "left" | "center" | "right";
  readonly font?: { readonly size?: number; readonly color?: string };
  readonly bgcolor?: string;
}

/** The layout fields the report sets. */
export interface PlotlyLayout {
  readonly title?: { readonly text: PlotlyText; readonly x?: number; readonly xanchor?: "left" | "center" | "right" };
  readonly xaxis?: PlotlyAxis;
  readonly yaxis?: PlotlyAxis;
  readonly yaxis2?: PlotlyAxis;
  readonly showlegend?: boolean;
  readonly legend?: {
    readonly orientation?: "v" | "h";
    readonly x?: number;
    readonly y?: number;
    readonly xanchor?: "auto" | "left" | "center" | "right";
    readonly yanchor?: "auto" | "top" | "middle" | "bottom";
    readonly traceorder?: "normal" | "reversed" | "grouped";
    readonly bgcolor?: string;
  };
  readonly barmode?: "group" | "stack" | "overlay" | "relative";
  readonly bargap?: number;
  readonly hovermode?: "closest" | "x" | "y" | "x unified" | false;
  readonly margin?: { readonly l?: number; readonly r?: number; readonly t?: number; readonly b?: number };
  readonly height?: number;
  readonly shapes?: readonly PlotlyShape[];
  readonly annotations?: readonly PlotlyAnnotation[];
  readonly font?: { readonly family?: string; readonly size?: number; readonly color?: string };
  readonly plot_bgcolor?: string;
  readonly paper_bgcolor?: string;
}

/** A Plotly figure: traces and layout, JSON-serialisable (plain arrays, no typed arrays). */
export interface PlotlyFigure {
  readonly data: readonly PlotlyTrace[];
  readonly layout: PlotlyLayout;
}

/** The Plotly `config` every chart is drawn with: no logo, no cloud/share button, responsive. */
export const PLOTLY_CONFIG = Object.freeze({
  displaylogo: false,
  showSendToCloud: false,
  responsive: true,
  // "sendDataToCloud" as asked for; in plotly.js 4.x the button is named "sendChartToCloud".
  modeBarButtonsToRemove: Object.freeze(["sendDataToCloud", "sendChartToCloud"]),
});

/**
 * Serialises `value` as JSON that is safe inside an HTML `<script type="application/json">` (or
 * any HTML context): `<`, `>`, `&`, U+2028 and U+2029 are written as `\uXXXX` escapes, so `</script>`
 * or `<!--` in data cannot end or change the element, and the text still parses with
 * `JSON.parse`. NaN and ±Infinity become `null` (JSON has no such numbers). Throws on values
 * `JSON.stringify` rejects (cycles, BigInt) and on typed arrays (they would serialise as objects).
 */
export function jsonForHtml(value: unknown): string {
  const json = JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v)) throw new TypeError("jsonForHtml: typed arrays serialise as objects; convert with Array.from first");
    return v;
  });
  if (json === undefined) throw new TypeError(`jsonForHtml: value is not JSON-serialisable (${typeof value})`);
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A chart container: `<div class="chart" id="{id}" data-figure="{id}-figure">` plus a
 * `<script type="application/json" id="{id}-figure">` holding the figure ({@link jsonForHtml}).
 * {@link plotlyBootstrap}'s loader draws it. Throws a RangeError on an invalid id.
 */
export function chartDiv(id: string, figure: PlotlyFigure): SafeHtml {
  checkId("chartDiv", id);
  const json = jsonForHtml({ data: figure.data, layout: figure.layout });
  return unsafeRawHtml(`<div class="chart" id="${id}" data-figure="${id}-figure"></div>\n<script type="application/json" class="chart-figure" id="${id}-figure">${json}</script>`);
}

// Reading the bundle file is I/O, so it lives in src/io; re-exported here for the report's users.
export { plotlyBundle, plotlyBundlePath, plotlyVersion } from "../io/plotlyBundle.js";

/**
 * Browser-side loader: draws every `div.chart` from the JSON script its `data-figure` names.
 * A container without (or with duplicate or invalid) figure data gets a visible message, class
 * `chart-failed`, `data-chart-state="failed"` and a console error; a drawn one gets
 * `data-chart-state="rendered"`.
 */
const LOADER = `
(function () {
  "use strict";
  var config = ${JSON.stringify(PLOTLY_CONFIG)};
  function fail(el, why) {
    el.classList.add("chart-failed");
    el.setAttribute("data-chart-state", "failed");
    el.textContent = "Chart could not be drawn: " + why;
    console.error("chart " + (el.id || "(no id)") + ": " + why);
  }
  var charts = document.querySelectorAll("div.chart");
  for (var i = 0; i < charts.length; i++) {
    (function (el) {
      var ref = el.getAttribute("data-figure");
      if (!ref) return fail(el, "no figure data (data-figure attribute missing)");
      var holders = document.querySelectorAll("script.chart-figure");
      var source = null;
      var matches = 0;
      for (var j = 0; j < holders.length; j++) if (holders[j].id === ref) { source = holders[j]; matches++; }
      if (!source) return fail(el, "no figure data (#" + ref + " missing)");
      if (matches > 1) return fail(el, "duplicate figure id #" + ref);
      if (typeof window.Plotly === "undefined") return fail(el, "Plotly did not load");
      var figure;
      try { figure = JSON.parse(source.textContent || ""); } catch (e) { return fail(el, "figure data is not valid JSON: " + e.message); }
      window.Plotly.newPlot(el, figure.data, figure.layout, config).then(
        function () { el.setAttribute("data-chart-state", "rendered"); },
        function (e) { fail(el, "Plotly.newPlot failed: " + (e && e.message ? e.message : e)); }
      );
    })(charts[i]);
  }
})();
`;

/**
 * The one inline script of a report: the Plotly bundle ({@link plotlyBundle}) followed by the
 * loader that draws every chart container from its embedded JSON with
 * `Plotly.newPlot(el, data, layout, PLOTLY_CONFIG)`. Pass it last in `page({ scripts })`, so it
 * runs after every container exists. Cached after the first call (the bundle is ~10 MB).
 */
export function plotlyBootstrap(): InlineScript {
  if (cachedBootstrap === undefined) cachedBootstrap = inlineScript(`${plotlyBundle()}\n;${LOADER}`);
  return cachedBootstrap;
}

let cachedBootstrap: InlineScript | undefined;
