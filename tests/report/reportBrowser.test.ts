import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../helpers/cli.js";
import { chartsRendered, chromiumPath, findChromium, launchChromium, screenshot, waitForCharts, type BrowserSession } from "../helpers/browser.js";

const CHROMIUM = findChromium();
const tiny = fileURLToPath(new URL("../fixtures/config/tiny.yaml", import.meta.url));
const NAME = CHROMIUM ? "the generated report in headless Chromium" : `the generated report in headless Chromium (skipped: no Chromium at ${chromiumPath()}; apt-get install chromium)`;

describe.skipIf(!CHROMIUM)(NAME, () => {
  let session: BrowserSession;
  const dir = mkdtempSync(join(tmpdir(), "churn-report-browser-"));
  const out = join(dir, "latest");

  beforeAll(async () => {
    // Customer ids that are HTML: they must show as text in the plan preview and run nothing.
    const cfg = join(dir, "evil.yaml");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(cfg, readFileSync(tiny, "utf8").replace("  months: 36\n", '  months: 36\n  idPrefix: "<img src=x onerror=alert(1)>"\n'));
    const run = runCli("src/cli/report.ts", ["--config", cfg, "--out", out, "--quiet", "--registry", join(dir, "registry")]);
    if (run.status !== 0) throw new Error(`report failed: ${run.stderr}`);
    session = await launchChromium(CHROMIUM!, { viewport: { width: 1300, height: 1000 } });
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  });

  it("renders a plot in every chart container with no console errors, no dialogs and no network", async () => {
    const opened = await session.open(join(out, "report.html"));
    expect(await waitForCharts(opened.page)).toBe(true);
    const counts = await chartsRendered(opened.page);
    expect(counts.containers).toBeGreaterThanOrEqual(10);
    expect(counts.notRendered).toEqual([]);
    expect(counts.rendered).toBe(counts.containers);
    expect(opened.consoleErrors).toEqual([]);
    expect(opened.pageErrors).toEqual([]);
    expect(opened.dialogs).toEqual([]);
    expect(opened.externalRequests).toEqual([]);
    const text = await opened.page.textContent("#plan");
    expect(text).toContain("<img src=x onerror=alert(1)>-0000");
    expect(await opened.page.locator("#plan img").count()).toBe(0);
    const shot = await screenshot(opened.page, join(dir, "report.png"));
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    process.stdout.write(`report screenshot: ${shot}\n`);
  });
});
