/**
 * The scoring API (fastify 5): `POST /v1/score` scores a feature payload checked against the served
 * model's signature, `GET /v1/customers/{id}/score` scores a customer's features from the online
 * store, with `/healthz`, `/readyz`, `/metrics` (Prometheus text) and OpenAPI docs at `/docs`.
 * Every route declares its schema once; the OpenAPI document comes from those schemas, and the
 * request schema of `/v1/score` is derived from the model's signature. Request validation is ours
 * (so a bad field is answered with its path, what was expected and what was got); fastify's own
 * coercing validator is switched off.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { RequestMetrics } from "./metrics.js";
import { parseFeaturePayload, type PayloadProblem } from "./payload.js";
import { scoreRows, type ScoringRows } from "./score.js";
import { scoreRecord, type FeatureFreshness, type ScoreRecord } from "./scoreRecord.js";
import type { FeatureSignature, ScoringRuntime } from "./scoringModel.js";

/** The model the API serves right now: its registry version (null when unregistered) and the loaded runtime. */
export interface ServedModel {
  readonly version: number | null;
  readonly runtime: ScoringRuntime;
}

/** Where the served model comes from; `current()` is read once per request, so swapping it never affects a request in flight. */
export interface ModelSource {
  current(): ServedModel | null;
}

/** A customer's latest features from the online store, as one scoring row with its freshness. */
export interface StoredFeatures {
  readonly rows: ScoringRows;
  readonly freshness: FeatureFreshness;
}

/** The online store as the API reads it. */
export interface CustomerFeatureStore {
  /** The customer's latest features, or null when the store does not hold the customer. */
  lookup(customerId: string): StoredFeatures | null;
  /** False once closed. */
  readonly open: boolean;
}

/** What {@link buildScoringApi} needs. */
export interface ScoringApiOptions {
  readonly models: ModelSource;
  /** Null when the API runs without an online store (then only `POST /v1/score` scores). */
  readonly store: CustomerFeatureStore | null;
  /** Largest request body in bytes (`serving.bodyLimit`); larger bodies get 413. */
  readonly bodyLimit: number;
  /** Reasons per score (`decision.reasons`). */
  readonly reasonCount: number;
}

/** Customer ids the API accepts in a path: letters, digits, `.`, `_`, `-`, 1 to 64 characters. */
export const CUSTOMER_ID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** An error answer: a one-line message and, for a bad payload, every problem found. */
export interface ErrorBody {
  readonly error: string;
  readonly message: string;
  readonly problems?: readonly PayloadProblem[];
}

const errorSchema = {
  type: "object",
  properties: {
    error: { type: "string" },
    message: { type: "string" },
    problems: { type: "array", items: { type: "object", properties: { field: { type: "string" }, expected: { type: "string" }, got: { type: "string" } } } },
  },
} as const;

const scoreSchema = {
  type: "object",
  description: "One customer's score. Probabilities are calibrated; money is in dollars.",
  properties: {
    customerId: { type: ["string", "null"] },
    model: { type: "object", properties: { name: { type: "string" }, version: { type: ["integer", "null"] } } },
    churnProbabilityNextMonth: { type: "number", description: "Calibrated P(churn during the next month)." },
    churnProbabilityActionWindow: { type: "number", description: "Calibrated P(churn within the action window): the p of the EV formula." },
    actionWindowMonths: { type: "integer" },
    clv: { type: "number", description: "Customer lifetime value (dollars)." },
    expectedValue: { type: "object", additionalProperties: { type: ["number", "null"] }, description: "EV per action (dollars); null where not eligible or outside the probability band." },
    bestAction: { type: ["string", "null"], description: "The eligible action with the highest positive EV, or null." },
    reasons: { type: "array", items: { type: "object", properties: { feature: { type: "string" }, value: { type: ["number", "string", "null"] }, contribution: { type: "number" } } } },
    features: {
      type: "object",
      properties: { asOfMonth: { type: ["integer", "null"] }, ageMonths: { type: ["integer", "null"] }, stale: { type: "boolean", description: "True when the features are older than store.maxFeatureAgeMonths." } },
    },
  },
} as const;

/** The JSON schema of a feature payload under `signature` (for the OpenAPI document; validation is {@link parseFeaturePayload}). */
export function featurePayloadSchema(signature: FeatureSignature): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const name of signature.numeric) properties[name] = { type: ["number", "null"], description: "null = missing" };
  for (const c of signature.categorical) properties[c.name] = { type: "string", enum: c.levels };
  return { type: "object", additionalProperties: false, required: Object.keys(properties), properties };
}

class HttpProblem extends Error {
  constructor(readonly statusCode: number, readonly error: string, message: string, readonly problems?: readonly PayloadProblem[]) {
    super(message);
  }
}

function served(models: ModelSource): ServedModel {
  const model = models.current();
  if (!model) throw new HttpProblem(503, "Service Unavailable", "no model is loaded");
  return model;
}

function score(model: ServedModel, rows: ScoringRows, customerId: string | null, freshness: FeatureFreshness, reasonCount: number): ScoreRecord {
  return scoreRecord(model.runtime.json, model.version, scoreRows(model.runtime, rows, reasonCount), 0, customerId, freshness);
}

/**
 * Builds the API (not listening yet: call `listen({ host, port })`, or `inject` in tests). Errors
 * a client caused are answered 4xx with {@link ErrorBody}; anything else 500 with a generic message.
 */
export async function buildScoringApi(options: ScoringApiOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, bodyLimit: options.bodyLimit, return503OnClosing: true });
  const metrics = new RequestMetrics();
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook("onResponse", async (request, reply) => {
    metrics.observe(request.routeOptions.url ?? "unmatched", request.method, reply.statusCode, reply.elapsedTime / 1000);
  });
  app.setErrorHandler(async (error, _request, reply) => {
    const status = error instanceof HttpProblem ? error.statusCode : typeof (error as { statusCode?: unknown }).statusCode === "number" ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 500 && !(error instanceof HttpProblem)) return reply.code(500).send({ error: "Internal Server Error", message: "the request could not be scored" } satisfies ErrorBody);
    const body: ErrorBody = error instanceof HttpProblem
      ? { error: error.error, message: error.message, ...(error.problems ? { problems: error.problems } : {}) }
      : { error: (error as { code?: string }).code ?? "Bad Request", message: (error as Error).message };
    return reply.code(status).send(body);
  });
  app.setNotFoundHandler(async (request, reply) => reply.code(404).send({ error: "Not Found", message: `no route ${request.method} ${request.url.slice(0, 80)}` } satisfies ErrorBody));

  const startModel = options.models.current();
  await app.register(swagger, {
    openapi: {
      info: { title: "Churn scoring API", version: "1", description: "Calibrated churn probabilities, lifetime value and the expected value of each retention action, from the registry's served model." },
    },
  });
  await app.register(swaggerUi, { routePrefix: "/docs" });

  app.post("/v1/score", {
    schema: {
      summary: "Score a feature payload",
      description: "Validated against the served model's signature: every feature, numbers (null = missing) for numeric features, an allowed level for categorical ones. A bad field is answered 400 naming it, what was expected and what was got.",
      body: { type: "object", additionalProperties: false, required: ["features"], properties: { customerId: { type: "string", maxLength: 64 }, features: startModel ? featurePayloadSchema(startModel.runtime.json.signature) : { type: "object" } } },
      response: { 200: scoreSchema, 400: errorSchema, 503: errorSchema },
    },
  }, async (request) => {
    const model = served(options.models);
    const body = request.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) throw new HttpProblem(400, "Bad Request", "the body must be a JSON object { customerId?, features }");
    const { customerId, features, ...rest } = body as Record<string, unknown>;
    const problems: PayloadProblem[] = Object.keys(rest).map((key) => ({ field: key.slice(0, 40), expected: "no such field (the body has customerId and features)", got: "a value" }));
    if (customerId !== undefined && !(typeof customerId === "string" && CUSTOMER_ID_PATTERN.test(customerId))) problems.push({ field: "customerId", expected: "a string of 1 to 64 letters, digits, '.', '_' or '-'", got: typeof customerId === "string" ? `string of ${customerId.length} characters` : typeof customerId });
    const parsed = parseFeaturePayload(model.runtime.json.signature, features);
    if ("problems" in parsed) problems.push(...parsed.problems);
    if (problems.length > 0 || !("row" in parsed)) {
      const first = problems[0]!;
      throw new HttpProblem(400, "Bad Request", `${first.field}: expected ${first.expected}, got ${first.got}`, problems);
    }
    const rows: ScoringRows = { frame: parsed.row.frame, rows: Uint32Array.of(0), monthlyCharges: Float64Array.of(parsed.row.monthlyCharges) };
    return score(model, rows, typeof customerId === "string" ? customerId : null, { asOfMonth: null, ageMonths: null, stale: false }, options.reasonCount);
  });

  app.get("/v1/customers/:id/score", {
    schema: {
      summary: "Score a customer from the online store",
      description: "The customer's latest features from the online store. A score from features older than store.maxFeatureAgeMonths is answered with features.stale = true.",
      params: { type: "object", properties: { id: { type: "string", pattern: CUSTOMER_ID_PATTERN.source } }, required: ["id"] },
      response: { 200: scoreSchema, 400: errorSchema, 404: errorSchema, 503: errorSchema },
    },
  }, async (request) => {
    const { id } = request.params as { id: string };
    if (!CUSTOMER_ID_PATTERN.test(id)) throw new HttpProblem(400, "Bad Request", `id: expected 1 to 64 letters, digits, '.', '_' or '-', got ${id.length} characters`);
    const model = served(options.models);
    const store = options.store;
    if (!store || !store.open) throw new HttpProblem(503, "Service Unavailable", "the online store is not open");
    const found = store.lookup(id);
    if (!found) throw new HttpProblem(404, "Not Found", `customer ${JSON.stringify(id)} is not in the online store (not active, or unknown)`);
    return score(model, found.rows, id, found.freshness, options.reasonCount);
  });

  app.get("/healthz", { schema: { summary: "Liveness: the process answers" } }, async () => ({ status: "ok" }));
  app.get("/readyz", { schema: { summary: "Readiness: a model is loaded and the online store is open" } }, async (_request, reply) => {
    const model = options.models.current();
    const storeOpen = options.store?.open ?? false;
    const ready = model !== null && storeOpen;
    return reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", model: model ? { name: model.runtime.json.model, version: model.version } : null, store: storeOpen });
  });
  app.get("/metrics", { schema: { summary: "Prometheus metrics: requests by route and status, latency histogram" } }, async (_request, reply) => reply.type("text/plain; version=0.0.4").send(metrics.text()));
  return app;
}
