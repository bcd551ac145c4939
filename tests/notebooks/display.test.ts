// src/notebook/display.ts: chart HTML with the Plotly bundle once per process, tables, number formats.
import { beforeEach, describe, expect, it } from "vitest";
import { formatNumber as sharedFormatNumber, formatPercent as sharedFormatPercent } from "../../src/util/format.js";
import { chartHtml, CHART_CLASS, UNTRUSTED_HINT, formatNumber, formatPercent, frameHtml, PLOTLY_BUNDLE_MARKER, plotlyBundleHtml, resetChartBundle, tableHtml } from "../../src/notebook/display.js";
import { plotlyText, type PlotlyFigure } from "../../src/report/plotly.js";

const FIGURE: PlotlyFigure = {
  data: [{ type: "scatter", mode: "lines", name: plotlyText("a </script><script>alert(1)</script> & <b>"), x: [0, 1, 2], y: [1, null, 3] }],
  layout: { title: { text: plotlyText("t") }, height: 300 },
};

/** The figure JSON embedded in a chart's draw script. */
function embeddedFigure(html: string): unknown {
  const m = /var figure = (.*);\n/.exec(html);
  if (!m) throw new Error("no figure in chart HTML");
  return JSON.parse(m[1]!);
}

const count = (s: string, needle: string) => s.split(needle).length - 1;

describe("chartHtml", () => {
  beforeEach(() => resetChartBundle());

  it("carries the Plotly bundle with the first chart only, again after a reset", () => {
    const first = chartHtml(FIGURE);
    const second = chartHtml(FIGURE);
    expect(count(first, PLOTLY_BUNDLE_MARKER)).toBe(1);
    expect(first.startsWith(plotlyBundleHtml())).toBe(true);
    expect(count(second, PLOTLY_BUNDLE_MARKER)).toBe(0);
    resetChartBundle();
    expect(count(chartHtml(FIGURE), PLOTLY_BUNDLE_MARKER)).toBe(1);
  });

  it("honours bundle: always / never", () => {
    expect(count(chartHtml(FIGURE, { bundle: "never" }), PLOTLY_BUNDLE_MARKER)).toBe(0);
    expect(count(chartHtml(FIGURE, { bundle: "always" }), PLOTLY_BUNDLE_MARKER)).toBe(1);
    expect(count(chartHtml(FIGURE, { bundle: "always" }), PLOTLY_BUNDLE_MARKER)).toBe(1);
    expect(count(chartHtml(FIGURE), PLOTLY_BUNDLE_MARKER)).toBe(0);
  });

  it("embeds the figure as JSON that parses back to the same data, with markup in data unable to close the script", () => {
    const html = chartHtml(FIGURE, { bundle: "never" });
    expect(embeddedFigure(html)).toEqual({ data: FIGURE.data, layout: FIGURE.layout });
    expect(count(html, "</script>")).toBe(1);
    expect(html).not.toContain("alert(1)</script>");
    expect(count(html, `class="${CHART_CLASS}"`)).toBe(1);
    expect(html).toContain('data-chart-state="pending"');
    expect(html).toContain(`>${UNTRUSTED_HINT.replace("<", "&lt;").replace(">", "&gt;")}</div><script>`);
  });

  it("the bundle is the plotly.js browser build that defines window.Plotly, in one script element", () => {
    const bundle = plotlyBundleHtml();
    expect(bundle).toMatch(/plotly\.js v\d+\.\d+\.\d+/);
    expect(bundle).toContain("window.Plotly");
    expect(count(bundle, "</script")).toBe(1);
    expect(bundle.endsWith("</script>")).toBe(true);
  });
});

describe("formatNumber / formatPercent", () => {
  it("are the workspace's one number formatting (src/util/format.ts), as the report and the CLI use it", () => {
    expect(formatNumber).toBe(sharedFormatNumber);
    expect(formatPercent).toBe(sharedFormatPercent);
    expect([formatNumber(4769.892025722669), formatPercent(0.435), formatNumber(Number.NaN), formatPercent(Number.NaN)]).toEqual(["4,770", "43.5 %", "n/a", "n/a"]);
  });
});

describe("tableHtml", () => {
  it("writes a header from the union of keys, escapes text, formats and aligns numbers, lists and empty cells", () => {
    const html = tableHtml([{ name: "<b>x</b>", value: 0.123456, n: 1200 }, { name: "y", tags: ["a", 2.5], flag: true, value: null }]);
    expect(html).toContain('<th style="text-align:left">name</th><th style="text-align:right">value</th><th style="text-align:right">n</th><th style="text-align:left">tags</th><th style="text-align:left">flag</th>');
    expect(html).toContain('<td style="text-align:left">&lt;b&gt;x&lt;/b&gt;</td><td style="text-align:right">0.1235</td><td style="text-align:right">1,200</td><td></td><td></td>');
    expect(html).toContain('<td style="text-align:left">y</td><td></td><td></td><td style="text-align:left">a, 2.5</td><td style="text-align:left">true</td>');
    expect(html).not.toContain("<b>x</b>");
  });

  it("takes interface-typed rows, an index, a caption, a column order and a row limit", () => {
    interface Row { readonly k: string; readonly v: number }
    const rows: Row[] = [{ k: "a", v: 1 }, { k: "b", v: 2 }, { k: "c", v: 3 }];
    const html = tableHtml(rows, { index: ["i", "j", "k"], caption: "cap & co", columns: ["v", "k"], maxRows: 2 });
    expect(html).toContain("<caption>cap &amp; co</caption>");
    expect(html).toContain('<tr><th></th><th style="text-align:right">v</th><th style="text-align:left">k</th></tr>');
    expect(html).toContain('<th style="text-align:left">j</th><td style="text-align:right">2</td>');
    expect(html).not.toContain(">c<");
    expect(html).toContain("1 more rows not shown (3 in all)");
  });

  it("throws on no rows, a wrong index length and a bad row limit", () => {
    expect(() => tableHtml([])).toThrow(/no rows/);
    expect(() => tableHtml([{ a: 1 }], { index: [1, 2] })).toThrow(/index has 2 labels for 1 rows/);
    expect(() => tableHtml([{ a: 1 }], { maxRows: 0 })).toThrow(/maxRows must be a positive integer, got 0/);
  });
});

describe("frameHtml", () => {
  it("shows a 2-D frame with its index as row labels", () => {
    const html = frameHtml({ index: ["count", "mean"], columns: ["a", "b"], values: [[3, 3], [2, 0.5]] });
    expect(html).toContain('<th style="text-align:left">mean</th><td style="text-align:right">2</td><td style="text-align:right">0.5</td>');
  });

  it("shows a 1-D series (value counts) under a given header, and checks the header length", () => {
    const series = { index: ["x", "y"], columns: ["0"], values: [2, 1] };
    expect(frameHtml(series, { header: ["customers"] })).toContain('<th style="text-align:right">customers</th>');
    expect(() => frameHtml(series, { header: ["a", "b"] })).toThrow(/header has 2 names for 1 columns/);
  });
});
