import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  element,
  escapeAttribute,
  escapeHtml,
  html,
  inlineScript,
  isSafeHtml,
  joinHtml,
  page,
  section,
  table,
  unsafeRawHtml,
  type HtmlValue,
} from "../../src/report/html.js";

const EVIL_SCRIPT = "</script><script>alert(1)</script>";
const EVIL_IMG = "<img src=x onerror=alert(1)>";

describe("escaping", () => {
  it("escapes the five HTML-special characters and nothing else", () => {
    expect(escapeHtml(`a & b < c > d " e ' f`)).toBe("a &amp; b &lt; c &gt; d &quot; e &#39; f");
    expect(escapeHtml("plain ü € 😀 `x`")).toBe("plain ü € 😀 `x`");
    expect(escapeHtml("&amp;")).toBe("&amp;amp;");
    expect(escapeAttribute(`"x" 'y' \`z\` <&>`)).toBe("&quot;x&quot; &#39;y&#39; &#96;z&#96; &lt;&amp;&gt;");
  });
});

describe("html template and SafeHtml", () => {
  it("escapes interpolated strings and numbers, keeps SafeHtml, joins arrays, drops null/undefined/false", () => {
    const inner = html`<b>${"x<y"}</b>`;
    const out = html`<p title="${`"q"`}">${EVIL_IMG}${inner}${[1, " & ", 2]}${null}${undefined}${false}</p>`;
    expect(out.__html).toBe('<p title="&quot;q&quot;">&lt;img src=x onerror=alert(1)&gt;<b>x&lt;y</b>1 &amp; 2</p>');
    expect(isSafeHtml(out)).toBe(true);
    expect(String(out)).toBe(out.__html);
  });

  it("treats a look-alike { __html } object as untrusted: the type rejects it and run time throws", () => {
    const fake = { __html: "<script>alert(1)</script>" };
    expect(isSafeHtml(fake)).toBe(false);
    // @ts-expect-error a plain object is not a SafeHtml
    const typed: HtmlValue = fake;
    expect(() => html`<p>${typed}</p>`).toThrow(/cannot interpolate object/);
    expect(() => element("p", {}, typed)).toThrow(/cannot interpolate/);
  });

  it("unsafeRawHtml is the only way to pass markup through unescaped", () => {
    expect(html`${unsafeRawHtml("<hr>")}${"<hr>"}`.__html).toBe("<hr>&lt;hr&gt;");
    expect(joinHtml([unsafeRawHtml("<i>a</i>"), "<b>"], " | ").__html).toBe("<i>a</i> | &lt;b&gt;");
  });
});

describe("element", () => {
  it("escapes attribute values and children; bare and omitted attributes", () => {
    expect(element("a", { href: "#s1", title: `a"b`, hidden: true, "data-x": 3, lang: null, dir: false }, "1 < 2").__html).toBe(
      '<a href="#s1" title="a&quot;b" hidden data-x="3">1 &lt; 2</a>',
    );
    expect(element("br").__html).toBe("<br>");
  });

  it("refuses script-bearing constructs, quoting the value", () => {
    expect(() => element("script", {}, "x")).toThrow("refusing raw-text element <script>");
    expect(() => element("style")).toThrow("raw-text");
    expect(() => element("div onclick", {})).toThrow('tag must be a lowercase element name, got "div onclick"');
    expect(() => element("img", { onerror: "alert(1)" })).toThrow('refusing attribute "onerror"');
    expect(() => element("a", { OnClick: "x" })).toThrow("script-bearing");
    expect(() => element("a", { href: " java\tscript:alert(1)" })).toThrow("script or data URL");
    expect(() => element("img", { src: "data:text/html,<script>" })).toThrow("script or data URL");
    expect(() => element("a", { 'x" y': "1" })).toThrow("invalid attribute name");
    expect(() => element("br", {}, "child")).toThrow("void element <br> cannot have children");
  });
});

describe("table", () => {
  it("escapes every cell and header, formats numbers with the caller's formatter and right-aligns them", () => {
    const t = table(
      ["name", "<rate>", "n"],
      [
        [EVIL_SCRIPT, 0.123456, 1234],
        [EVIL_IMG, Number.NaN, null],
        [unsafeRawHtml("<code>ok</code>"), 1, 2],
      ],
      (v, c) => (Number.isNaN(v) ? "—" : c === 1 ? v.toFixed(3) : v.toLocaleString("en-US")),
      { caption: "Fold <summary>" },
    ).__html;
    expect(t).toContain("<th scope=\"col\">&lt;rate&gt;</th>");
    expect(t).toContain("<td>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</td>");
    expect(t).toContain("<td>&lt;img src=x onerror=alert(1)&gt;</td>");
    expect(t).toContain('<td class="num">0.123</td><td class="num">1,234</td>');
    expect(t).toContain('<td class="num">—</td><td></td>');
    expect(t).toContain("<td><code>ok</code></td>");
    expect(t).toContain("<caption>Fold &lt;summary&gt;</caption>");
    expect(t).not.toMatch(/<script|<img/);
  });

  it("throws on a ragged row, quoting it, and on no headers", () => {
    expect(() => table(["a", "b"], [["x", 1], ["y"]], String)).toThrow('row 1 has 1 cells, expected 2 (headers ["a","b"])');
    expect(() => table([], [], String)).toThrow("no headers");
  });
});

describe("inlineScript", () => {
  it("neutralises </script in any case, normalises CRLF, and hashes what the browser will hash", () => {
    const s = inlineScript('var a = "</script>";\r\nvar b = "</SCRIPT >";\rvar c = 1;');
    expect(s.code).toBe('var a = "<\\/script>";\nvar b = "<\\/SCRIPT >";\nvar c = 1;');
    expect(s.sha256).toBe(createHash("sha256").update(s.code, "utf8").digest("base64"));
    expect(() => inlineScript("var x = '<!--';")).toThrow('code contains "<!--" at 9');
    expect(() => inlineScript("a\u0000b")).toThrow("U+0000 at 1");
  });
});

describe("page", () => {
  const script = inlineScript("document.body.dataset.ok = '1';");
  const doc = page({
    title: `Churn <report> & "more"`,
    subtitle: "source: telco.csv",
    sections: [
      { id: "data", title: "Data & quality", body: html`<p>${EVIL_IMG}</p>` },
      { id: "models", title: "Models", body: table(["x"], [[1]], (v) => v.toFixed(1)) },
    ],
    scripts: [script],
  }).__html;

  it("is a complete HTML5 document with escaped title, nav, sections in order and scripts last", () => {
    expect(doc.startsWith("<!DOCTYPE html>\n<html lang=\"en\">")).toBe(true);
    expect(doc).toContain('<meta charset="utf-8">');
    expect(doc).toContain("<title>Churn &lt;report&gt; &amp; &quot;more&quot;</title>");
    expect(doc).toContain("<h1>Churn &lt;report&gt; &amp; &quot;more&quot;</h1>");
    expect(doc).toContain('<li><a href="#data">Data &amp; quality</a></li><li><a href="#models">Models</a></li>');
    expect(doc.indexOf('<section id="data">')).toBeLessThan(doc.indexOf('<section id="models">'));
    expect(doc).toContain("<h2>Data &amp; quality</h2>");
    expect(doc).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(doc.trimEnd().endsWith(`<script>${script.code}</script>\n</body>\n</html>`)).toBe(true);
    expect(doc).toContain("tbody tr:nth-child(even)");
    expect(doc).toContain("@media print");
  });

  it("allows exactly its scripts by hash and forbids network loads in its CSP", () => {
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(doc)?.[1]?.replace(/&#39;/g, "'");
    expect(csp).toBe(
      `default-src 'none'; script-src 'sha256-${script.sha256}'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'`,
    );
    expect(page({ title: "t", sections: [] }).__html).toContain("script-src &#39;none&#39;;");
  });

  it("rejects invalid and duplicate section ids", () => {
    expect(() => page({ title: "t", sections: [{ id: "a", title: "A", body: "" }, { id: "a", title: "B", body: "" }] })).toThrow('duplicate section id "a"');
    expect(() => page({ title: "t", sections: [{ id: 'x" onmouseover="y', title: "A", body: "" }] })).toThrow("id must match");
    expect(() => section("1abc", "t", "")).toThrow('got "1abc"');
  });
});
