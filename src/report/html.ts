/**
 * A tiny, safe HTML builder for the self-contained report: every plain string that reaches the
 * output is escaped; markup flows only as {@link SafeHtml}, which only this module can create.
 */
import { createHash } from "node:crypto";

/**
 * A fragment of HTML that is safe to emit as is: built by {@link html}, {@link element},
 * {@link table}, {@link section} or, for constant markup written in code, {@link unsafeRawHtml}.
 * Nominal (a class with a private field, checked with `instanceof` at run time), so neither a plain
 * string nor a look-alike object `{ __html }` can pass for it: those are escaped or rejected.
 */
class SafeHtmlImpl {
  readonly #markup: string;

  /** @internal Only this module constructs fragments; the class itself is not exported. */
  constructor(markup: string) {
    this.#markup = markup;
  }

  /** The markup. */
  get __html(): string {
    return this.#markup;
  }

  /** The markup, so that a fragment can be written to a file or concatenated deliberately. */
  toString(): string {
    return this.#markup;
  }
}

/** Trusted HTML markup (see {@link SafeHtmlImpl}); obtain one from this module's builders. */
export type SafeHtml = SafeHtmlImpl;

/** True when `value` is a {@link SafeHtml} made by this module (a look-alike `{ __html }` is not). */
export function isSafeHtml(value: unknown): value is SafeHtml {
  return value instanceof SafeHtmlImpl;
}

/**
 * What may be interpolated into {@link html} or passed as children: a {@link SafeHtml} (emitted as
 * is), a string or number (escaped), nothing (`null`, `undefined`, `false`: emitted as ""), or an
 * array of these (concatenated).
 */
export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

const ESCAPES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" };

/**
 * Escapes text for HTML element content: `&` `<` `>` `"` `'` become `&amp;` `&lt;` `&gt;`
 * `&quot;` `&#39;`. Safe in text and in quoted attribute values; never in `<script>`/`<style>`.
 */
export function escapeHtml(s: string): string {
  return String(s).replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Escapes a value for a double- or single-quoted attribute: as {@link escapeHtml} plus the
 * backtick (`&#96;`, which very old IE treated as a quote). This module always double-quotes
 * attributes. URLs are not checked here; {@link element} refuses script URLs.
 */
export function escapeAttribute(s: string): string {
  return String(s).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

/**
 * Wraps constant markup written in code (never data) as {@link SafeHtml}, unescaped. The one
 * escape hatch: its name is meant to stand out in review.
 */
export function unsafeRawHtml(markup: string): SafeHtml {
  return new SafeHtmlImpl(markup);
}

/** Renders an {@link HtmlValue} to markup: SafeHtml as is, strings and numbers escaped. */
function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeHtmlImpl) return value.__html;
  if (typeof value === "string") return escapeHtml(value);
  if (typeof value === "number") return escapeHtml(String(value));
  if (Array.isArray(value)) return (value as readonly HtmlValue[]).map(render).join("");
  throw new TypeError(`html: cannot interpolate ${describe(value)}; pass a string (escaped) or a SafeHtml from src/report/html`);
}

function describe(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    try {
      return `object ${JSON.stringify(value).slice(0, 80)}`;
    } catch {
      return "an object";
    }
  }
  return `${typeof value} ${String(value)}`;
}

/**
 * Tagged template for markup: the literal parts are trusted (they are code), every interpolated
 * value is rendered by its type ({@link HtmlValue}: strings escaped, SafeHtml kept, arrays joined).
 * Interpolate attribute values only inside double quotes: `html\`<a title="${t}">\``. Throws a
 * TypeError on any other value type (e.g. a look-alike `{ __html }` object), quoting it.
 */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtmlImpl(out);
}

/** Concatenates fragments (and escaped strings) with an optional separator string (escaped). */
export function joinHtml(parts: readonly HtmlValue[], separator = ""): SafeHtml {
  return new SafeHtmlImpl(parts.map(render).join(escapeHtml(separator)));
}

/** An attribute value: text (escaped), a number, `true` (bare attribute) or absent (`false`/`null`/`undefined`). */
export type AttributeValue = string | number | boolean | null | undefined;

const VOID_ELEMENTS = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
/** Elements whose content is not parsed as HTML, so escaping rules differ: never built from data. */
const RAW_TEXT_ELEMENTS = new Set(["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"]);
const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "cite", "data", "background", "srcset"]);

/**
 * One element: `<tag attr="…">children</tag>`. Attribute values are escaped and double-quoted;
 * `true` gives a bare attribute, `false`/`null`/`undefined` omit it. Refuses (RangeError quoting the
 * value) a tag that is not a lowercase name, raw-text elements (`script`, `style`, `textarea`, …),
 * an invalid attribute name, event-handler attributes (`on…`), `srcdoc`, a URL attribute whose value
 * starts with a `javascript:`, `vbscript:` or `data:` scheme, and children for a void element.
 */
export function element(tag: string, attrs: Readonly<Record<string, AttributeValue>> = {}, children?: HtmlValue): SafeHtml {
  if (!/^[a-z][a-z0-9-]*$/.test(tag)) throw new RangeError(`element: tag must be a lowercase element name, got ${JSON.stringify(tag)}`);
  if (RAW_TEXT_ELEMENTS.has(tag)) throw new RangeError(`element: refusing raw-text element <${tag}>; its content is not escaped by the HTML parser`);
  let open = `<${tag}`;
  for (const [name, value] of Object.entries(attrs)) {
    if (!/^[a-zA-Z][a-zA-Z0-9_.:-]*$/.test(name)) throw new RangeError(`element: invalid attribute name ${JSON.stringify(name)} on <${tag}>`);
    const lower = name.toLowerCase();
    if (lower.startsWith("on") || lower === "srcdoc") throw new RangeError(`element: refusing attribute ${JSON.stringify(name)} on <${tag}> (script-bearing)`);
    if (value === false || value === null || value === undefined) continue;
    if (value === true) {
      open += ` ${name}`;
      continue;
    }
    const text = String(value);
    if (URL_ATTRIBUTES.has(lower) && /^(javascript|vbscript|data):/i.test(text.replace(/[\u0000-\u0020\u007f-\u009f]/g, ""))) {
      throw new RangeError(`element: refusing ${name}=${JSON.stringify(text.slice(0, 60))} on <${tag}> (script or data URL)`);
    }
    open += ` ${name}="${escapeAttribute(text)}"`;
  }
  if (VOID_ELEMENTS.has(tag)) {
    if (render(children ?? null) !== "") throw new RangeError(`element: void element <${tag}> cannot have children`);
    return new SafeHtmlImpl(`${open}>`);
  }
  return new SafeHtmlImpl(`${open}>${render(children ?? null)}</${tag}>`);
}

/** A table cell: text (escaped), a number (formatted by the table's formatter, then escaped), SafeHtml, or empty. */
export type Cell = string | number | SafeHtml | null | undefined;

/**
 * Formats a numeric cell for display, given its value and 0-based column: e.g.
 * `(v, c) => c === 2 ? v.toFixed(3) : v.toLocaleString("en-US")`. NaN and ±Infinity reach it too.
 */
export type NumberFormatter = (value: number, column: number) => string;

/**
 * A `<table>` with a header row and one row per entry of `rows`. Every text cell and header is
 * escaped; numbers are formatted by `formatNumber` (its result escaped too) and right-aligned
 * (class `num`); `null`/`undefined` give an empty cell. Throws a RangeError quoting the row when a
 * row's length differs from the header's, or when there are no headers.
 */
export function table(
  headers: readonly HtmlValue[],
  rows: readonly (readonly Cell[])[],
  formatNumber: NumberFormatter,
  options: { readonly caption?: string; readonly className?: string } = {},
): SafeHtml {
  if (headers.length === 0) throw new RangeError("table: no headers");
  const head = headers.map((h) => `<th scope="col">${render(h)}</th>`).join("");
  const body = rows
    .map((row, r) => {
      if (row.length !== headers.length) throw new RangeError(`table: row ${r} has ${row.length} cells, expected ${headers.length} (headers ${JSON.stringify(headers.map((h) => (typeof h === "string" ? h : render(h))))})`);
      const cells = row
        .map((cell, c) => {
          if (typeof cell === "number") return `<td class="num">${escapeHtml(formatNumber(cell, c))}</td>`;
          return `<td>${render(cell ?? null)}</td>`;
        })
        .join("");
      return `<tr>${cells}</tr>`;
    })
    .join("\n");
  const caption = options.caption === undefined ? "" : `<caption>${escapeHtml(options.caption)}</caption>`;
  const cls = options.className === undefined ? "" : ` class="${escapeAttribute(options.className)}"`;
  return new SafeHtmlImpl(`<div class="table-wrap"><table${cls}>${caption}<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody></table></div>`);
}

/** Checks an element id used for sections and charts: a letter, then letters, digits, `_` or `-`. */
export function checkId(where: string, id: string): void {
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(id)) throw new RangeError(`${where}: id must match [A-Za-z][A-Za-z0-9_-]*, got ${JSON.stringify(id)}`);
}

/** One report section for {@link page}: its id (anchor, nav target), title (text) and body. */
export interface Section {
  readonly id: string;
  readonly title: string;
  readonly body: HtmlValue;
}

/** `<section id="…"><h2>title</h2>body</section>`; the title is escaped; throws on an invalid id. */
export function section(id: string, title: string, body: HtmlValue): SafeHtml {
  checkId("section", id);
  return html`<section id="${id}">\n<h2>${title}</h2>\n${body}\n</section>`;
}

/**
 * An inline script for {@link page}, made by {@link inlineScript}. Holds the code to emit and
 * its SHA-256 (base64) for the page's Content-Security-Policy.
 */
export interface InlineScript {
  readonly code: string;
  readonly sha256: string;
}

/**
 * Prepares trusted JavaScript (code, never data) for an inline `<script>`: line endings are
 * normalised to LF (the HTML parser does the same, so the CSP hash matches what the browser sees),
 * and every `</script` (any case) becomes `<\/script`, which means the same inside JS strings,
 * templates, regular expressions and comments but cannot close the element. Throws a RangeError
 * (quoting the position) on `<!--`, which would switch the parser into its script-escape state,
 * and on U+0000. O(code length).
 */
export function inlineScript(code: string): InlineScript {
  const normalised = code.replace(/\r\n?/g, "\n").replace(/<\/(script)/gi, "<\\/$1");
  const comment = normalised.indexOf("<!--");
  if (comment >= 0) throw new RangeError(`inlineScript: code contains "<!--" at ${comment} (${JSON.stringify(normalised.slice(Math.max(0, comment - 30), comment + 30))})`);
  const nul = normalised.indexOf("\u0000");
  if (nul >= 0) throw new RangeError(`inlineScript: code contains U+0000 at ${nul}`);
  return { code: normalised, sha256: createHash("sha256").update(normalised, "utf8").digest("base64") };
}

/** Options of {@link page}. */
export interface PageOptions {
  /** Document title and `<h1>` (text). */
  readonly title: string;
  /** Optional line under the title (text or SafeHtml), e.g. the data source and run id. */
  readonly subtitle?: HtmlValue;
  /** Sections in order; each gets a nav entry. Ids must be unique. */
  readonly sections: readonly Section[];
  /** Inline scripts, emitted in order at the end of `<body>` (after every chart container). */
  readonly scripts?: readonly InlineScript[];
}

/** The built-in style sheet: system fonts, readable measure, zebra tables, print rules. */
export const PAGE_CSS = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5f6368; --rule: #d9dce1; --zebra: #f5f6f8; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.25rem 4rem; color: var(--fg); background: #fff;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; padding-top: .5rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
p, li { max-width: 48rem; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace; font-size: .9em; }
.subtitle { color: var(--muted); margin: 0 0 1rem; }
nav.toc { margin: 1rem 0 1.5rem; padding: .75rem 1rem; background: var(--zebra); border-radius: 6px; }
nav.toc ol { margin: 0; padding-left: 1.25rem; columns: 2 16rem; }
.table-wrap { overflow-x: auto; margin: .75rem 0 1.25rem; }
table { border-collapse: collapse; font-size: .92rem; font-variant-numeric: tabular-nums; }
caption { text-align: left; color: var(--muted); padding: 0 0 .35rem; caption-side: top; }
th, td { padding: .3rem .65rem; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #9aa0a6; background: #fff; }
tbody tr:nth-child(even) { background: var(--zebra); }
td.num { text-align: right; white-space: nowrap; }
.chart { width: 100%; margin: .5rem 0 1.5rem; }
.chart:not(.js-plotly-plot) { min-height: 6rem; }
.chart-pair { display: grid; grid-template-columns: repeat(auto-fit, minmax(28rem, 1fr)); gap: 0 1.25rem; }
.chart-pair > .chart { min-width: 0; }
.chart-failed { min-height: 0; padding: .75rem 1rem; border: 1px solid #d93025; color: #a50e0e; background: #fce8e6; }
.note { color: var(--muted); font-size: .92rem; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  nav.toc { display: none; }
  h2 { break-before: auto; break-after: avoid; }
  .chart, .table-wrap, table, figure { break-inside: avoid; }
  .modebar-container { display: none !important; }
  a { color: inherit; text-decoration: none; }
}
`;

/**
 * A complete HTML5 document: charset, viewport, a Content-Security-Policy that allows only the
 * given inline scripts (by SHA-256 hash), inline styles and data:/blob: images and forbids every
 * network load (so the file is self-contained and an injected script or image cannot run or
 * phone home), the built-in {@link PAGE_CSS}, an `<h1>`, a numbered nav list of the sections, the
 * sections, then the scripts. Throws a RangeError on an invalid or duplicate section id. Pure.
 */
export function page(options: PageOptions): SafeHtml {
  const seen = new Set<string>();
  for (const s of options.sections) {
    checkId("page", s.id);
    if (seen.has(s.id)) throw new RangeError(`page: duplicate section id ${JSON.stringify(s.id)}`);
    seen.add(s.id);
  }
  const scripts = options.scripts ?? [];
  const scriptSrc = scripts.length === 0 ? "'none'" : scripts.map((s) => `'sha256-${s.sha256}'`).join(" ");
  const csp = `default-src 'none'; script-src ${scriptSrc}; style-src 'unsafe-inline'; img-src data: blob:; font-src data:; base-uri 'none'; form-action 'none'`;
  const nav = html`<nav class="toc" aria-label="Sections"><ol>${options.sections.map((s) => html`<li><a href="#${s.id}">${s.title}</a></li>`)}</ol></nav>`;
  const subtitle = options.subtitle === undefined ? "" : html`<p class="subtitle">${options.subtitle}</p>`;
  const body = options.sections.map((s) => section(s.id, s.title, s.body));
  const scriptTags = scripts.map((s) => `<script>${s.code}</script>`).join("\n");
  const headAndBody = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<title>${options.title}</title>
<style>${unsafeRawHtml(PAGE_CSS)}</style>
</head>
<body>
<header>
<h1>${options.title}</h1>
${subtitle}
</header>
${nav}
<main>
${joinHtml(body, "\n")}
</main>
`;
  return new SafeHtmlImpl(`${headAndBody.__html}${scriptTags}\n</body>\n</html>\n`);
}
