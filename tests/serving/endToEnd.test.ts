/**
 * The path from a fitted model to a served score, with the same numbers at every step: the score
 * stage (what the report shows), `npm run score` (batch from the offline Parquet store), `POST
 * /v1/score` and `GET /v1/customers/{id}/score` (online SQLite store), through the registry, with the
 * CLIs run as a user runs them and the server listening on 127.0.0.1 with an ephemeral port.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetReadObjects } from "hyparquet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { materializeOnlineStore } from "../../src/io/onlineStore.js";
import { readMonth, writeOfflineStore } from "../../src/io/offlineStore.js";
import { loadRegisteredModel, registerScoringModel, RegistryModelSource } from "../../src/io/registeredModel.js";
import type { ScoredCustomers } from "../../src/pipeline/index.js";
import { promote } from "../../src/registry/index.js";
import { scoreBatch } from "../../src/serving/batch.js";
import type { ScoreRecord } from "../../src/serving/scoreRecord.js";
import { ROOT } from "../helpers/cli.js";
import { scoredBy, servingFrame, servingHistory, servingPanel } from "../helpers/serving.js";

const dir = mkdtempSync(join(tmpdir(), "churn-serving-e2e-"));
const registry = join(dir, "registry");
const offline = join(dir, "offline");
const online = join(dir, "online.sqlite");
const lineage = { model: "gbm", trainingWindow: { firstMonth: 0, lastMonth: 34, rows: 1 }, configHash: "c", dataHash: "d", gitCommit: null, metrics: { rocAuc: 0.8, logLoss: 0.1, brier: 0.05 }, signature: { numeric: 1, categorical: 1 }, source: "test" };
const config = join(dir, "config.yaml");
const idOf = (k: number): string => servingHistory.customers.ids[servingHistory.months.customer[servingPanel.scoring[k]!]!]!;

let gbm: ScoredCustomers;
let logistic: ScoredCustomers;
let server: ReturnType<typeof spawn> | undefined;
let base = "";

/** Starts `npm run serve` on 127.0.0.1 with an ephemeral port and resolves its base URL. */
function startServer(): Promise<string> {
  server = spawn(process.execPath, ["--import", "tsx", "src/cli/serve.ts", "--config", config, "--port", "0"], { cwd: ROOT, env: { ...process.env, TZ: "UTC" }, stdio: ["ignore", "ignore", "pipe"] });
  return new Promise((resolve, reject) => {
    let text = "";
    server!.stderr!.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const m = /on (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
      if (m) resolve(m[1]!);
    });
    server!.once("exit", (code) => reject(new Error(`serve exited ${code}: ${text}`)));
  });
}

beforeAll(async () => {
  [gbm, logistic] = await Promise.all([scoredBy("gbm"), scoredBy("logistic")]);
  registerScoringModel(registry, gbm.scoringModel, lineage);
  registerScoringModel(registry, logistic.scoringModel, { ...lineage, model: "logistic" });
  promote(registry, 1, "champion", "first model");
  writeOfflineStore(offline, servingHistory, servingFrame, { source: "serving test" });
  await materializeOnlineStore(offline, online);
  writeFileSync(config, `synthetic: { customers: 1500, months: 36 }\nstore: { offline: ${JSON.stringify(offline)}, online: ${JSON.stringify(online)} }\nregistry: { dir: ${JSON.stringify(registry)} }\noutput: { progress: false }\n`);
  base = await startServer();
}, 120_000);

afterAll(() => {
  server?.kill("SIGTERM");
  rmSync(dir, { recursive: true, force: true });
});

describe("the same numbers everywhere", () => {
  it("batch scoring from the offline store equals the score stage for every active customer, bit for bit", async () => {
    const rows = await readMonth(offline, servingHistory.periods - 1);
    expect(rows.customerIds).toEqual(Array.from(servingPanel.scoring, (_, k) => idOf(k)));
    const batch = scoreBatch(loadRegisteredModel(registry, "champion"), rows, 3);
    expect(Array.from(batch.scores.calibrated)).toEqual(Array.from(gbm.calibrated));
    expect(Array.from(batch.scores.raw)).toEqual(Array.from(gbm.raw));
    expect(batch.scores.reasons).toEqual(gbm.reasons);
  });

  it("npm run score writes batch_scores.parquet and the action plan with the same probabilities", async () => {
    const out = join(dir, "batch");
    const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/score.ts", "--config", config, "--out", out, "--quiet"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, TZ: "UTC" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const bytes = readFileSync(join(out, "batch_scores.parquet"));
    const table = (await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) })) as Record<string, unknown>[];
    expect(table).toHaveLength(servingPanel.scoring.length);
    table.forEach((row, k) => {
      expect(row.customer_id).toBe(idOf(k));
      expect(row.p_calibrated).toBe(gbm.calibrated[k]);
      expect(row.model_version).toBe(1);
    });
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary).toMatchObject({ model: { name: "gbm", version: 1, ref: "champion" }, asOfMonth: servingHistory.periods - 1, customers: servingPanel.scoring.length });
    const plan = readFileSync(join(out, "action_plan.csv"), "utf8").trim().split("\n");
    expect(plan.length - 1).toBe(summary.contacted);
    const bad = spawnSync(process.execPath, ["--import", "tsx", "src/cli/score.ts", "--config", config, "--out", join(dir, "b2"), "--as-of", "99"], { cwd: ROOT, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--as-of.*expected a calendar month the offline store holds \(0\.\.35\), got "99"/);
  }, 60_000);

  it("POST /v1/score and GET /v1/customers/{id}/score on a live server give the score stage's numbers for 100 customers", async () => {
    for (let k = 0; k < 100; k++) {
      const id = idOf(k);
      const get = await fetch(`${base}/v1/customers/${id}/score`);
      expect(get.status).toBe(200);
      const g = (await get.json()) as ScoreRecord;
      const features: Record<string, unknown> = {};
      const row = servingPanel.scoring[k]!;
      for (const f of servingFrame.numeric) features[f.info.name] = Number.isNaN(f.values[row]!) ? null : f.values[row]!;
      for (const f of servingFrame.categorical) features[f.info.name] = f.levels[f.codes[row]!];
      const post = await fetch(`${base}/v1/score`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ customerId: id, features }) });
      expect(post.status).toBe(200);
      const p = (await post.json()) as ScoreRecord;
      expect(Math.abs(g.churnProbabilityNextMonth - gbm.calibrated[k]!)).toBeLessThanOrEqual(1e-12);
      expect(p.churnProbabilityNextMonth).toBe(g.churnProbabilityNextMonth);
      expect({ ...p, features: null }).toEqual({ ...g, features: null });
      expect(g.features).toEqual({ asOfMonth: servingHistory.periods - 1, ageMonths: 0, stale: false });
      expect(g.model).toEqual({ name: "gbm", version: 1 });
    }
    expect((await fetch(`${base}/v1/customers/NOT-A-CUSTOMER/score`)).status).toBe(404);
  }, 60_000);

  it("picks up a promotion without dropping a request in flight", async () => {
    const id = idOf(0);
    const seen = new Set<number | null>();
    let failures = 0;
    let promoted = false;
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(promoted && seen.has(2))) {
      const batch = await Promise.all(Array.from({ length: 8 }, () => fetch(`${base}/v1/customers/${id}/score`).then(async (r) => ((r.status === 200 ? seen.add(((await r.json()) as ScoreRecord).model.version) : failures++), r.status))));
      expect(batch.every((s) => s === 200)).toBe(true);
      if (!promoted) (promote(registry, 2, "champion", "logistic wins"), (promoted = true));
    }
    expect(failures).toBe(0);
    expect([...seen].sort()).toEqual([1, 2]);
    const after = (await (await fetch(`${base}/v1/customers/${id}/score`)).json()) as ScoreRecord;
    expect(after.model).toEqual({ name: "logistic", version: 2 });
    expect(after.churnProbabilityNextMonth).toBe(logistic.calibrated[0]);
  }, 30_000);

  it("keeps serving the previous version when the promoted one fails its hash check", async () => {
    const source = new RegistryModelSource(registry, "champion");
    expect(source.current().version).toBe(2);
    const broken = registerScoringModel(registry, gbm.scoringModel, lineage);
    writeFileSync(join(broken.path, "scoring-model.json"), "{}\n");
    promote(registry, broken.version, "champion", "a tampered version");
    const refreshed = source.refresh();
    expect(refreshed).toMatchObject({ version: 2, changed: false });
    expect(refreshed.error).toMatch(/scoring-model\.json/);
    expect(source.current().version).toBe(2);
    await new Promise((r) => setTimeout(r, 2500)); // the server's reload interval
    const after = (await (await fetch(`${base}/v1/customers/${idOf(0)}/score`)).json()) as ScoreRecord;
    expect(after.model.version).toBe(2);
  }, 30_000);
});
