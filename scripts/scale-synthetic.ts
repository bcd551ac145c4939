// Generates the synthetic telco at a given size and prints one JSON line: time, rows, peak memory.
// Usage: node --import tsx scripts/scale-synthetic.ts [customers=1000000] [config.yaml]
import { mergeConfigValues, validateConfig } from "../src/config/index.js";
import { generateSynthetic } from "../src/data/synthetic.js";
import { readConfig } from "../src/io/readConfig.js";
import { buildPanel } from "../src/panel/panel.js";

const customers = Number(process.argv[2] ?? 1_000_000);
const config = validateConfig(mergeConfigValues(readConfig(process.argv[3]), { synthetic: { customers } }));
const t0 = performance.now();
let last = 0;
const history = generateSynthetic(config.synthetic, {
  seed: config.seed,
  onProgress: (share) => {
    const now = performance.now();
    if (now - last > 10_000) {
      last = now;
      process.stderr.write(`[${((now - t0) / 1000).toFixed(0)}s] ${(share * 100).toFixed(0)}%\n`);
    }
  },
});
const t1 = performance.now();
const panel = buildPanel(history, { horizon: config.panel.horizon });
const t2 = performance.now();
const usage = process.resourceUsage();
process.stdout.write(
  `${JSON.stringify({
    workload: "synthetic-generate",
    customersAtStart: customers,
    customersTotal: history.customers.count,
    monthRows: history.months.count,
    labelled: panel.counts.labelled,
    scoring: panel.counts.scoring,
    generateSeconds: +((t1 - t0) / 1000).toFixed(2),
    panelSeconds: +((t2 - t1) / 1000).toFixed(2),
    peakRssMiB: Math.round(usage.maxRSS / 1024),
  })}\n`,
);
