/**
 * Headless-Chromium helpers for report tests: find the system Chromium (Debian's `chromium`
 * package; playwright-core never downloads a browser), open a local file in a fresh profile while
 * recording console errors, page errors, dialogs and network requests, count rendered Plotly
 * charts, and take screenshots.
 */
import { accessSync, constants, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Where Chromium is looked for: env `CHROMIUM_PATH` if set, else Debian's `/usr/bin/chromium`. */
export function chromiumPath(): string {
  const fromEnv = process.env["CHROMIUM_PATH"];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : "/usr/bin/chromium";
}

/** The Chromium executable at {@link chromiumPath}, or undefined when there is no executable file there. */
export function findChromium(): string | undefined {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile() ? path : undefined;
  } catch {
    return undefined;
  }
}

/** Flags for a quiet, offline, reproducible headless run (no sandbox: tests run as root in CI). */
export const CHROMIUM_ARGS: readonly string[] = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
  "--disable-sync",
  "--disable-quic",
];

/** A page opened by {@link BrowserSession.open} and what it reported while loading and running. */
export interface OpenedPage {
  readonly page: Page;
  /** Text of every `console.error` message. */
  readonly consoleErrors: string[];
  /** Text of every `console.warn` message (informational). */
  readonly consoleWarnings: string[];
  /** Uncaught exceptions in the page. */
  readonly pageErrors: string[];
  /** Messages of every alert/confirm/prompt dialog (each is dismissed). */
  readonly dialogs: string[];
  /** URLs of requests to anything but `file:`, `data:`, `blob:` and `about:` (a self-contained page makes none). */
  readonly externalRequests: string[];
}

/** A headless Chromium with a fresh temporary profile; `close` ends it and deletes the profile. */
export interface BrowserSession {
  readonly context: BrowserContext;
  readonly userDataDir: string;
  /** Opens a local HTML file by its `file://` URL and waits for its `load` event. */
  open(path: string): Promise<OpenedPage>;
  close(): Promise<void>;
}

/**
 * Launches `executablePath` headless with {@link CHROMIUM_ARGS} and a fresh user-data dir under the
 * OS temp dir, at a 1200×900 viewport (override with `viewport`).
 */
export async function launchChromium(executablePath: string, options: { readonly viewport?: { width: number; height: number } } = {}): Promise<BrowserSession> {
  const userDataDir = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath,
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1200, height: 900 },
      acceptDownloads: false,
      serviceWorkers: "block",
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    userDataDir,
    async open(path: string): Promise<OpenedPage> {
      const page = await context.newPage();
      const opened: OpenedPage = { page, consoleErrors: [], consoleWarnings: [], pageErrors: [], dialogs: [], externalRequests: [] };
      page.on("console", (message) => {
        if (message.type() === "error") opened.consoleErrors.push(message.text());
        else if (message.type() === "warning") opened.consoleWarnings.push(message.text());
      });
      page.on("pageerror", (error) => opened.pageErrors.push(error.message));
      page.on("dialog", (dialog) => {
        opened.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
        void dialog.dismiss();
      });
      page.on("request", (request) => {
        if (!/^(file|data|blob|about):/.test(request.url())) opened.externalRequests.push(request.url());
      });
      await page.goto(pathToFileURL(path).href, { waitUntil: "load" });
      return opened;
    },
    async close(): Promise<void> {
      try {
        await context.close();
      } finally {
        rmSync(userDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Waits until the report's loader has settled every chart container (`data-chart-state` set to
 * `rendered` or `failed`). Returns false instead of throwing when that does not happen within
 * `timeoutMs` (e.g. the loader never ran), so {@link chartsRendered} can report what is there.
 */
export async function waitForCharts(page: Page, timeoutMs = 30_000): Promise<boolean> {
  try {
    await page.waitForFunction('document.querySelectorAll(".chart:not([data-chart-state])").length === 0', undefined, { timeout: timeoutMs });
    return true;
  } catch {
    return false;
  }
}

/** Chart containers on a page and which of them hold a rendered plot. */
export interface ChartCount {
  /** Number of `.chart` containers. */
  readonly containers: number;
  /** Containers that are (or hold) a `.js-plotly-plot` with an `svg.main-svg` and at least one drawn trace. */
  readonly rendered: number;
  /** Ids of the containers that hold no rendered plot. */
  readonly notRendered: string[];
}

/**
 * Counts `.chart` containers and those holding a rendered Plotly plot, judged from the DOM alone
 * (not from the loader's own `data-chart-state`): a `.js-plotly-plot` (the container itself or a
 * child) containing an `svg.main-svg` with at least one trace group or bar drawn.
 */
export async function chartsRendered(page: Page): Promise<ChartCount> {
  // A string, not a function: the project compiles without the DOM library.
  const result = await page.evaluate(`(() => {
    const containers = Array.from(document.querySelectorAll(".chart"));
    const notRendered = [];
    let rendered = 0;
    for (const el of containers) {
      const plot = el.classList.contains("js-plotly-plot") ? el : el.querySelector(".js-plotly-plot");
      const svg = plot ? plot.querySelector("svg.main-svg") : null;
      const traces = plot ? plot.querySelectorAll(".scatterlayer .trace, .barlayer .trace, .heatmaplayer .hm").length : 0;
      if (plot && svg && traces > 0) rendered++;
      else notRendered.push(el.id || "(no id)");
    }
    return { containers: containers.length, rendered, notRendered };
  })()`);
  return parseChartCount(result);
}

function parseChartCount(value: unknown): ChartCount {
  if (typeof value === "object" && value !== null) {
    const { containers, rendered, notRendered } = value as Record<string, unknown>;
    if (typeof containers === "number" && typeof rendered === "number" && Array.isArray(notRendered) && notRendered.every((s) => typeof s === "string")) {
      return { containers, rendered, notRendered: notRendered as string[] };
    }
  }
  throw new TypeError(`chartsRendered: unexpected result from the page: ${JSON.stringify(value)}`);
}

/** Evaluates a JavaScript expression in the page and returns its (JSON-serialisable) value, typed by `guard`. */
export async function evaluateIn<T>(page: Page, expression: string, guard: (value: unknown) => value is T): Promise<T> {
  const value: unknown = await page.evaluate(expression);
  if (!guard(value)) throw new TypeError(`evaluateIn: unexpected value of ${expression.slice(0, 80)}: ${JSON.stringify(value)?.slice(0, 200)}`);
  return value;
}

/** Saves a full-page PNG screenshot at `path` and returns the path. */
export async function screenshot(page: Page, path: string): Promise<string> {
  await page.screenshot({ path, fullPage: true });
  return path;
}
