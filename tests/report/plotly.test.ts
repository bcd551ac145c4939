import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chartDiv, jsonForHtml, PLOTLY_CONFIG, plotlyBootstrap, plotlyBundle, plotlyBundlePath, plotlyLines, plotlyText, plotlyVersion, type PlotlyFigure } from "../../src/report/plotly.js";

const EVIL = "</script><script>alert(1)</script><!-- <img src=x onerror=alert(1)> & \u2028\u2029";

describe("jsonForHtml", () => {
  it("escapes <, >, &, U+2028 and U+2029 so data cannot leave a script element, and round-trips", () => {
    const value = { name: EVIL, x: [1, 2.5, Number.NaN, Infinity] };
    const json = jsonForHtml(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(json).toContain("\\u003c/script\\u003e");
    expect(json).toContain("\\u0026 \\u2028\\u2029");
    expect(JSON.parse(json)).toEqual({ name: EVIL, x: [1, 2.5, null, null] });
  });

  it("refuses typed arrays, which JSON.stringify would turn into objects", () => {
    expect(() => jsonForHtml({ x: new Float64Array([1, 2]) })).toThrow("typed arrays");
  });
});

describe("plotlyText", () => {
  it("escapes Plotly's pseudo-HTML so data shows literally; plotlyLines escapes each line", () => {
    expect(plotlyText(`<a href="x" popup='");alert(1);//'>&amp;`)).toBe(`&lt;a href="x" popup='");alert(1);//'&gt;&amp;amp;`);
    expect(plotlyLines("a<b", "c&d")).toBe("a&lt;b<br>c&amp;d");
  });
});

describe("chartDiv", () => {
  it("emits a container and a JSON script whose content parses back to the figure", () => {
    const figure: PlotlyFigure = {
      data: [{ type: "scatter", mode: "lines", name: plotlyText(EVIL), x: [0, 1], y: [0.25, null] }],
      layout: { title: { text: plotlyText("t") } },
    };
    const out = chartDiv("roc-1", figure).__html;
    const m = /^<div class="chart" id="roc-1" data-figure="roc-1-figure"><\/div>\n<script type="application\/json" class="chart-figure" id="roc-1-figure">(.*)<\/script>$/s.exec(out);
    expect(m).not.toBeNull();
    expect(m![1]).not.toMatch(/<|>/);
    expect(JSON.parse(m![1]!)).toEqual(figure);
    expect(out.match(/<\/script/gi)).toHaveLength(1);
    expect(() => chartDiv("bad id", figure)).toThrow('id must match [A-Za-z][A-Za-z0-9_-]*, got "bad id"');
  });
});

describe("the Plotly bundle", () => {
  it("is the installed minified plotly 4.1.1 bundle (plotly.js-dist-min, about 4.8 MB), read once", () => {
    const path = plotlyBundlePath();
    expect(path).toMatch(/plotly\.js-dist-min\/plotly\.min\.js$/);
    expect(statSync(path).size).toBeLessThan(5_500_000);
    const bundle = plotlyBundle();
    expect(Buffer.byteLength(bundle, "utf8")).toBe(statSync(path).size);
    expect(plotlyBundle()).toBe(bundle); // cached: the same string
    expect(plotlyVersion()).toBe("4.1.1");
    expect(bundle).toMatch(/window\.Plotly\s*=/);
  });

  it("bootstrap = bundle + loader with the no-cloud config, hashed for the CSP", () => {
    const boot = plotlyBootstrap();
    expect(boot.code.startsWith(plotlyBundle().replace(/\r\n?/g, "\n"))).toBe(true);
    expect(boot.code).toContain(JSON.stringify(PLOTLY_CONFIG));
    expect(boot.code).toContain("window.Plotly.newPlot(el, figure.data, figure.layout, config)");
    expect(boot.code).not.toMatch(/<\/script|<!--/i);
    expect(boot.sha256).toBe(createHash("sha256").update(boot.code, "utf8").digest("base64"));
    expect(PLOTLY_CONFIG).toEqual({ displaylogo: false, showSendToCloud: false, responsive: true, modeBarButtonsToRemove: ["sendDataToCloud", "sendChartToCloud"] });
  });
});
