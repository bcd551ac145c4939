/**
 * Scoring models in the model registry: registering the report's decision model as a new version
 * (the scoring document plus its lineage), loading a version or alias back as a ready-to-score
 * runtime, and a model source that follows an alias (so the API picks up a promotion without a
 * restart).
 */
import { loadVersion, registerVersion, resolveVersionRef, type RegisteredVersion } from "../registry/index.js";
import type { JsonObject } from "../registry/index.js";
import type { ModelSource, ServedModel } from "../serving/api.js";
import { loadScoringModel, parseScoringModel, type ScoringModel } from "../serving/scoringModel.js";
import { InputError } from "../util/errors.js";

/** The payload file that holds a version's {@link ScoringModel}. */
export const SCORING_MODEL_FILE = "scoring-model.json";

/** Lineage and evaluation recorded with a registered model (the registry stores it as the version's metadata). */
export interface ModelLineage {
  readonly model: string;
  /** The calendar months and row count of the rows the model was fitted on. */
  readonly trainingWindow: { readonly firstMonth: number; readonly lastMonth: number; readonly rows: number };
  /** SHA-256 of the run's result-relevant config. */
  readonly configHash: string;
  /** Identity of the input data (file hash, or the synthetic generator's config and seed). */
  readonly dataHash: string;
  readonly gitCommit: string | null;
  /** Out-of-time evaluation of the model: raw ROC-AUC, calibrated log loss and Brier score. */
  readonly metrics: { readonly rocAuc: number; readonly logLoss: number; readonly brier: number };
  readonly signature: { readonly numeric: number; readonly categorical: number };
  readonly source: string;
}

/** Registers `model` as a new version of registry `dir`, with `lineage` as its metadata; never overwrites (see `registerVersion`). */
export function registerScoringModel(dir: string, model: ScoringModel, lineage: ModelLineage): RegisteredVersion {
  return registerVersion(dir, { [SCORING_MODEL_FILE]: `${JSON.stringify(model)}\n` }, lineage as unknown as JsonObject);
}

/**
 * Loads version or alias `ref` of registry `dir` as a served model: the files are verified by hash
 * (by `loadVersion`), the scoring document is checked and its estimator and calibrator loaded.
 * Throws an error naming the file on any problem.
 */
export function loadRegisteredModel(dir: string, ref: number | string): ServedModel {
  const loaded = loadVersion(dir, ref);
  const bytes = loaded.files[SCORING_MODEL_FILE];
  const file = `${loaded.path}/${SCORING_MODEL_FILE}`;
  if (!bytes) throw new InputError({ file: loaded.path }, `a payload file ${SCORING_MODEL_FILE}`, `files ${Object.keys(loaded.files).join(", ") || "(none)"}`);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new InputError({ file }, "JSON text", (err as Error).message);
  }
  let model: ScoringModel;
  try {
    model = parseScoringModel(json, file);
  } catch (err) {
    throw new InputError({ file }, "a scoring model document", (err as Error).message);
  }
  return { version: loaded.version, runtime: loadScoringModel(model) };
}

/**
 * A {@link ModelSource} that serves registry `dir`'s `ref` (an alias or a version number) and, on
 * {@link RegistryModelSource.refresh}, swaps in the version the alias points at now. The swap replaces
 * one reference: a request that already read `current()` finishes with the model it started with.
 */
export class RegistryModelSource implements ModelSource {
  private served: ServedModel;

  /** Loads `ref` now; throws (naming the file) when it cannot be served. */
  constructor(readonly dir: string, readonly ref: string) {
    this.served = loadRegisteredModel(dir, ref);
  }

  /** The model being served. */
  current(): ServedModel {
    return this.served;
  }

  /**
   * Re-resolves the alias; when it names another version, loads that version and swaps it in.
   * Returns the version now served and whether it changed. A version that fails to load is not
   * swapped in: the error is returned and the previous model keeps serving.
   */
  refresh(): { readonly version: number | null; readonly changed: boolean; readonly error?: string } {
    try {
      const version = resolveVersionRef(this.dir, this.ref, { key: "serving.model" });
      if (version === this.served.version) return { version, changed: false };
      this.served = loadRegisteredModel(this.dir, version);
      return { version, changed: true };
    } catch (err) {
      return { version: this.served.version, changed: false, error: (err as Error).message };
    }
  }
}
