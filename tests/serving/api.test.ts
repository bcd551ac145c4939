import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { monthlyChargesAt } from "../../src/decision/inputs.js";
import type { ScoredCustomers } from "../../src/pipeline/index.js";
import { buildScoringApi, type CustomerFeatureStore, type ServedModel } from "../../src/serving/api.js";
import type { ScoreRecord } from "../../src/serving/scoreRecord.js";
import { loadScoringModel } from "../../src/serving/scoringModel.js";
import { Rng } from "../../src/util/rng.js";
import { scoredBy, servingConfig, servingFrame, servingHistory, servingPanel } from "../helpers/serving.js";

/** A customer's feature payload read from the frame row (numbers, null for NaN, levels as strings). */
function payloadOf(row: number): Record<string, unknown> {
  const features: Record<string, unknown> = {};
  for (const f of servingFrame.numeric) features[f.info.name] = Number.isNaN(f.values[row]!) ? null : f.values[row]!;
  for (const f of servingFrame.categorical) features[f.info.name] = f.levels[f.codes[row]!]!;
  return features;
}

const charges = monthlyChargesAt(servingHistory, servingPanel.scoring);
const idOf = (k: number): string => servingHistory.customers.ids[servingHistory.months.customer[servingPanel.scoring[k]!]!]!;

/** An in-memory store over the active customers' frame rows (the online store's contract). */
function frameStore(stale: (id: string) => boolean = () => false): CustomerFeatureStore {
  const at = new Map(Array.from(servingPanel.scoring, (_, k) => [idOf(k), k] as const));
  return {
    open: true,
    lookup(id) {
      const k = at.get(id);
      if (k === undefined) return null;
      return { rows: { frame: servingFrame, rows: Uint32Array.of(servingPanel.scoring[k]!), monthlyCharges: Float64Array.of(charges[k]!) }, freshness: { asOfMonth: 35, ageMonths: stale(id) ? 3 : 0, stale: stale(id) } };
    },
  };
}

let scored: ScoredCustomers;
let model: ServedModel;
let app: FastifyInstance;

beforeAll(async () => {
  scored = await scoredBy("gbm");
  model = { version: 7, runtime: loadScoringModel(scored.scoringModel) };
  app = await buildScoringApi({ models: { current: () => model }, store: frameStore((id) => id === idOf(1)), bodyLimit: servingConfig.serving.bodyLimit, reasonCount: 3 });
});
afterAll(async () => app.close());

describe("the scoring API", () => {
  it("POST /v1/score and GET /v1/customers/{id}/score give the score stage's probabilities for 100 customers (exactly)", async () => {
    for (let k = 0; k < 100; k++) {
      const post = await app.inject({ method: "POST", url: "/v1/score", payload: { customerId: idOf(k), features: payloadOf(servingPanel.scoring[k]!) } });
      expect(post.statusCode).toBe(200);
      const get = await app.inject({ method: "GET", url: `/v1/customers/${idOf(k)}/score` });
      expect(get.statusCode).toBe(200);
      const a = post.json<ScoreRecord>();
      const b = get.json<ScoreRecord>();
      expect(a.churnProbabilityNextMonth).toBe(scored.calibrated[k]);
      expect(b.churnProbabilityNextMonth).toBe(scored.calibrated[k]);
      expect({ ...b, features: null }).toEqual({ ...a, features: null });
      expect(a.model).toEqual({ name: "gbm", version: 7 });
      expect(a.reasons).toEqual(scored.reasons[k]!.map((r) => ({ ...r, value: typeof r.value === "number" && Number.isNaN(r.value) ? null : r.value })));
    }
  });

  it("answers a bad field with 400 naming the field, what was expected and what was got", async () => {
    const good = payloadOf(servingPanel.scoring[0]!);
    const cases: [Record<string, unknown>, string][] = [
      [{ ...good, tenure: "12" }, 'features.tenure: expected a number, or null for a missing value, got string "12"'],
      [{ ...good, Contract: "Monthly" }, 'features.Contract: expected one of "Month-to-month", "One year", "Two year", got string "Monthly"'],
      [{ ...good, MonthlyCharges: null }, "features.MonthlyCharges: expected a number >= 0 (dollars per month), got null"],
      [{ ...good, bogus: 1 }, "features.bogus: expected no such field (not a feature of this model), got number 1"],
      [Object.fromEntries(Object.entries(good).filter(([k]) => k !== "gender")), "features.gender: expected one of \"Female\", \"Male\", got nothing (the field is missing)"],
    ];
    for (const [features, message] of cases) {
      const res = await app.inject({ method: "POST", url: "/v1/score", payload: { features } });
      expect(res.statusCode).toBe(400);
      expect(res.json<{ message: string }>().message).toBe(message);
    }
  });

  it("flags stale features, answers 404 for an unknown customer and 400 for a malformed id", async () => {
    const stale = await app.inject({ method: "GET", url: `/v1/customers/${idOf(1)}/score` });
    expect(stale.json<ScoreRecord>().features).toEqual({ asOfMonth: 35, ageMonths: 3, stale: true });
    expect((await app.inject({ method: "GET", url: `/v1/customers/${idOf(0)}/score` })).json<ScoreRecord>().features.stale).toBe(false);
    expect((await app.inject({ method: "GET", url: "/v1/customers/NOPE-1/score" })).statusCode).toBe(404);
    expect((await app.inject({ method: "GET", url: `/v1/customers/${"x".repeat(65)}/score` })).statusCode).toBe(400);
  });

  it("answers 1,000 malformed requests with a 4xx each, never a 5xx, and keeps serving", async () => {
    const rng = new Rng(12);
    const random = (): number => rng.uniform();
    const good = payloadOf(servingPanel.scoring[0]!);
    const names = Object.keys(good);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const junk = (): unknown => pick<() => unknown>([() => "NaN", () => [], () => ({}), () => true, () => "x".repeat(70_000), () => "Fiber", () => "1e400"])();
    const statuses = new Map<number, number>();
    for (let i = 0; i < 1000; i++) {
      const kind = i % 10;
      let body: string;
      let type = "application/json";
      if (kind === 0) body = JSON.stringify({ features: { ...good, [pick(names)]: junk() } });
      else if (kind === 1) body = JSON.stringify({ features: Object.fromEntries(Object.entries(good).filter(() => random() > 0.2)) });
      else if (kind === 2) body = JSON.stringify({ ...{ features: good }, extra: junk() });
      else if (kind === 3) body = JSON.stringify({ features: { ...good, Contract: pick(["", "month-to-month", "Two years", "\u0000", "<script>"]) } });
      else if (kind === 4) body = i % 20 === 4 ? "[".repeat(20_000 + i) + "]".repeat(20_000 + i) : `{"features": {"tenure": ${"[".repeat(10_000)}${"]".repeat(10_000)}}}`;
      else if (kind === 5) body = ((text) => text.slice(0, Math.max(1, text.length - 1 - i)))(JSON.stringify({ features: good }));
      else if (kind === 6) body = '{"__proto__": {"polluted": true}, "features": {}}';
      else if (kind === 7) (body = "tenure=3"), (type = pick(["text/plain", "application/x-www-form-urlencoded", "application/xml"]));
      else if (kind === 8) body = JSON.stringify(pick([null, 3, "features", [good]]));
      else body = JSON.stringify({ customerId: pick(["", "a/b", "x".repeat(100), 42]), features: good });
      const res = await app.inject({ method: "POST", url: "/v1/score", headers: { "content-type": type }, payload: body });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((s) => s >= 400 && s < 500), JSON.stringify([...statuses])).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const after = await app.inject({ method: "POST", url: "/v1/score", payload: { features: good } });
    expect(after.statusCode).toBe(200);
  });

  it("serves probes, Prometheus metrics and the OpenAPI document", async () => {
    expect((await app.inject({ method: "GET", url: "/healthz" })).json()).toEqual({ status: "ok" });
    expect((await app.inject({ method: "GET", url: "/readyz" })).json()).toEqual({ status: "ready", model: { name: "gbm", version: 7 }, store: true });
    const metrics = (await app.inject({ method: "GET", url: "/metrics" })).body;
    expect(metrics).toMatch(/churn_api_requests_total\{route="\/v1\/score",method="POST",status="200"\} \d+/);
    expect(metrics).toMatch(/churn_api_request_duration_seconds_bucket\{route="\/v1\/customers\/:id\/score",le="\+Inf"\} \d+/);
    const doc = (await app.inject({ method: "GET", url: "/docs/json" })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/v1/score", "/v1/customers/{id}/score", "/healthz", "/readyz", "/metrics"]));
    const html = await app.inject({ method: "GET", url: "/docs" });
    expect(html.statusCode).toBeLessThan(400);
  });

  it("is not ready without a model or a store", async () => {
    const bare = await buildScoringApi({ models: { current: () => null }, store: null, bodyLimit: 65536, reasonCount: 3 });
    expect((await bare.inject({ method: "GET", url: "/readyz" })).statusCode).toBe(503);
    expect((await bare.inject({ method: "POST", url: "/v1/score", payload: { features: {} } })).statusCode).toBe(503);
    await bare.close();
  });
});
