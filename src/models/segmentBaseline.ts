/**
 * Segment churn-rate baseline: predicts, for each row, the (smoothed) churn rate of the training rows
 * that share its values in a few chosen columns. The yardstick that makes a model's gains visible.
 */
import { checkFitInput, checkPredictInput, requirePositiveClassWeights } from "./checks.js";
import type { DenseMatrix } from "./matrix.js";
import type { BinaryClassifier, ModelJSON } from "./types.js";

/** Options of {@link SegmentBaseline}; supplied by the caller (pipeline config). */
export interface SegmentBaselineOptions {
  /**
   * Column indices of X (distinct integers ≥ 0) whose value combination defines a segment; each is treated
   * as categorical by exact value (SameValueZero, so 0 and −0 are one value). `[]` gives the global-rate model.
   */
  readonly columns: readonly number[];
  /**
   * Pseudo-count m ≥ 0 (finite) shrinking each segment's rate toward the global rate ḡ:
   * rate = (positives + m·ḡ) / (n + m), with positives and n the segment's weighted counts. 0 = raw rates.
   */
  readonly smoothing: number;
}

/** One training segment: its column values (in `columns` order), weighted size and positives, and fitted rate. */
export interface SegmentStat {
  readonly values: readonly number[];
  /** Σ sampleWeight over the segment's rows (the row count when unweighted). */
  readonly weight: number;
  /** Σ sampleWeight over the segment's positive rows. */
  readonly positives: number;
  /** Smoothed rate (positives + m·ḡ) / (weight + m); ḡ when weight + m = 0. */
  readonly rate: number;
}

/** `toJSON()` form of {@link SegmentBaseline}; `state` is null for an unfitted model. Rates are recomputed on load. */
export interface SegmentBaselineJSON extends ModelJSON {
  readonly kind: "SegmentBaseline";
  readonly version: 1;
  readonly options: { readonly columns: number[]; readonly smoothing: number };
  readonly state: {
    readonly nFeatures: number;
    readonly totalWeight: number;
    readonly totalPositives: number;
    /** Segments in order of first appearance in the training rows. */
    readonly segments: { readonly values: number[]; readonly weight: number; readonly positives: number }[];
  } | null;
}

interface Fitted {
  readonly nFeatures: number;
  readonly totalWeight: number;
  readonly totalPositives: number;
  /** ḡ = totalPositives / totalWeight. */
  readonly globalRate: number;
  /** Per chosen column: value → dense code. */
  readonly codes: readonly Map<number, number>[];
  /** Mixed-radix place value of each chosen column's code in the segment key. */
  readonly place: Float64Array;
  /** Segment key → segment index. */
  readonly segmentOf: Map<number, number>;
  /** Segment values, row-major `nSegments × columns.length`. */
  readonly values: Float64Array;
  readonly weight: Float64Array;
  readonly positives: Float64Array;
  readonly rate: Float64Array;
}

/**
 * Churn rate per segment, where a segment is the combination of exact values of `columns` of X. With
 * pseudo-count m = `smoothing` the rate is shrunk toward the global rate ḡ (additive / m-estimate smoothing,
 * Cestnik 1990, "Estimating probabilities: a crucial task in machine learning", ECAI):
 * rate_s = (Σ_{i∈s} wᵢyᵢ + m·ḡ) / (Σ_{i∈s} wᵢ + m), ḡ = Σ wᵢyᵢ / Σ wᵢ. Segments (or single values) unseen at
 * fit time get ḡ. Fit O(n·k) with k = columns.length; predict O(rows·k), no per-row allocation.
 */
export class SegmentBaseline implements BinaryClassifier<SegmentBaselineJSON> {
  /** The options as given (a frozen copy); validated at `fit` / load time. */
  readonly options: Readonly<SegmentBaselineOptions>;
  private fitted: Fitted | undefined;

  /** Stores a frozen copy of `options`; nothing is validated or learned until {@link fit}. */
  constructor(options: SegmentBaselineOptions) {
    this.options = Object.freeze({
      columns: Object.freeze(Array.isArray(options.columns) ? [...options.columns] : options.columns),
      smoothing: options.smoothing,
    });
    this.fitted = undefined;
  }

  /** True once {@link fit} (or a loader) has set the learned state. */
  get isFitted(): boolean {
    return this.fitted !== undefined;
  }

  /** Global (weighted) positive rate ḡ of the training data; throws if not fitted. */
  get globalRate(): number {
    return this.requireFitted("globalRate").globalRate;
  }

  /** The training segments in order of first appearance, with weighted counts and smoothed rates; throws if not fitted. */
  get segments(): SegmentStat[] {
    const f = this.requireFitted("segments");
    const k = this.options.columns.length;
    const out: SegmentStat[] = [];
    for (let s = 0; s < f.rate.length; s++) {
      out.push({ values: Array.from(f.values.subarray(s * k, (s + 1) * k)), weight: f.weight[s]!, positives: f.positives[s]!, rate: f.rate[s]! });
    }
    return out;
  }

  /**
   * Fits on `X` (`n × p`, row-major, finite), labels `y` (`n` values in {0, 1}, both classes present) and
   * optional non-negative finite `sampleWeight` (each class with positive total weight). Inputs are not
   * mutated. Throws RangeError quoting the offending option or value. Returns `this`.
   */
  fit(X: DenseMatrix, y: Uint8Array, sampleWeight?: Float64Array): this {
    validateOptions(this.options);
    const { rows: n, cols: p } = checkFitInput("SegmentBaseline.fit", X, y, sampleWeight);
    const data = X.data;
    const columns = this.options.columns;
    const k = columns.length;
    for (const c of columns) {
      if (c >= p) throw new RangeError(`SegmentBaseline.fit: option columns contains ${c}, but X has only ${p} columns`);
    }

    // Pass 1: dense codes per chosen column (first-appearance order).
    const codes: Map<number, number>[] = columns.map(() => new Map<number, number>());
    for (let i = 0, off = 0; i < n; i++, off += p) {
      for (let c = 0; c < k; c++) {
        const m = codes[c]!;
        const v = data[off + columns[c]!]!;
        if (!m.has(v)) m.set(v, m.size);
      }
    }
    const place = placeValues(codes, "SegmentBaseline.fit");

    // Pass 2: segment of each row, accumulated weights.
    const segmentOf = new Map<number, number>();
    const firstRow = new Uint32Array(n);
    const weightAcc = new Float64Array(n);
    const posAcc = new Float64Array(n);
    let totalWeight = 0;
    let totalPositives = 0;
    for (let i = 0, off = 0; i < n; i++, off += p) {
      let key = 0;
      for (let c = 0; c < k; c++) key += codes[c]!.get(data[off + columns[c]!]!)! * place[c]!;
      let s = segmentOf.get(key);
      if (s === undefined) {
        s = segmentOf.size;
        segmentOf.set(key, s);
        firstRow[s] = i;
      }
      const w = sampleWeight === undefined ? 1 : sampleWeight[i]!;
      weightAcc[s]! += w;
      totalWeight += w;
      if (y[i] === 1) {
        posAcc[s]! += w;
        totalPositives += w;
      }
    }
    requirePositiveClassWeights("SegmentBaseline.fit", totalWeight - totalPositives, totalPositives);
    const nSeg = segmentOf.size;
    const values = new Float64Array(nSeg * k);
    for (let s = 0; s < nSeg; s++) {
      const off = firstRow[s]! * p;
      for (let c = 0; c < k; c++) values[s * k + c] = data[off + columns[c]!]!;
    }
    const weight = weightAcc.slice(0, nSeg);
    const positives = posAcc.slice(0, nSeg);
    this.fitted = withRates({ nFeatures: p, totalWeight, totalPositives, codes, place, segmentOf, values, weight, positives }, this.options.smoothing);
    return this;
  }

  /**
   * Smoothed churn rate of each row's segment (length `X.rows`); the global rate ḡ for a segment or a column
   * value not seen at fit time. Throws if unfitted or `X` is empty, non-finite or has the wrong column count.
   */
  predictProba(X: DenseMatrix): Float64Array {
    const f = this.requireFitted("predictProba");
    checkPredictInput("SegmentBaseline.predictProba", X, f.nFeatures);
    const { data, rows, cols } = X;
    const columns = this.options.columns;
    const k = columns.length;
    const { codes, place, segmentOf, rate, globalRate } = f;
    const out = new Float64Array(rows);
    for (let i = 0, off = 0; i < rows; i++, off += cols) {
      let key = 0;
      let seen = true;
      for (let c = 0; c < k; c++) {
        const code = codes[c]!.get(data[off + columns[c]!]!);
        if (code === undefined) {
          seen = false;
          break;
        }
        key += code * place[c]!;
      }
      const s = seen ? segmentOf.get(key) : undefined;
      out[i] = s === undefined ? globalRate : rate[s]!;
    }
    return out;
  }

  /** Plain object with `kind: "SegmentBaseline"`, the options and the segment counts (null if unfitted); exact under `JSON.stringify`. */
  toJSON(): SegmentBaselineJSON {
    const o = this.options;
    const f = this.fitted;
    const k = o.columns.length;
    return {
      kind: "SegmentBaseline",
      version: 1,
      options: { columns: [...o.columns], smoothing: o.smoothing },
      state:
        f === undefined
          ? null
          : {
              nFeatures: f.nFeatures,
              totalWeight: f.totalWeight,
              totalPositives: f.totalPositives,
              segments: Array.from({ length: f.rate.length }, (_, s) => ({
                values: Array.from(f.values.subarray(s * k, (s + 1) * k)),
                weight: f.weight[s]!,
                positives: f.positives[s]!,
              })),
            },
    };
  }

  /** Rebuilds a model from {@link toJSON} output (or its `JSON.parse`d text); see {@link loadSegmentBaseline}. */
  static load(json: unknown): SegmentBaseline {
    const j = json as Partial<SegmentBaselineJSON> | null;
    if (typeof j !== "object" || j === null) throw new TypeError(`loadSegmentBaseline: expected an object, got ${typeof json}`);
    if (j.kind !== "SegmentBaseline") throw new TypeError(`loadSegmentBaseline: kind must be "SegmentBaseline", got ${JSON.stringify(j.kind)}`);
    if (j.version !== 1) throw new TypeError(`loadSegmentBaseline: unsupported version ${JSON.stringify(j.version)}`);
    const o = j.options;
    if (typeof o !== "object" || o === null) throw new TypeError("loadSegmentBaseline: options missing");
    const model = new SegmentBaseline({ columns: o.columns, smoothing: o.smoothing });
    validateOptions(model.options);
    const s = j.state;
    if (s === null || s === undefined) return model;
    const columns = model.options.columns;
    const k = columns.length;
    const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
    if (typeof s.nFeatures !== "number" || !Number.isInteger(s.nFeatures) || s.nFeatures < 1 || columns.some((c) => c >= s.nFeatures)) {
      throw new TypeError(`loadSegmentBaseline: state.nFeatures=${String(s.nFeatures)} is not an integer >= 1 covering columns ${JSON.stringify(columns)}`);
    }
    if (!finite(s.totalWeight) || !finite(s.totalPositives) || !(s.totalPositives > 0) || !(s.totalWeight > s.totalPositives)) {
      throw new TypeError(`loadSegmentBaseline: bad totals totalWeight=${String(s.totalWeight)}, totalPositives=${String(s.totalPositives)}`);
    }
    if (!Array.isArray(s.segments) || s.segments.length === 0) throw new TypeError("loadSegmentBaseline: state.segments must be a non-empty array");
    const nSeg = s.segments.length;
    const values = new Float64Array(nSeg * k);
    const weight = new Float64Array(nSeg);
    const positives = new Float64Array(nSeg);
    const codes: Map<number, number>[] = columns.map(() => new Map<number, number>());
    for (let t = 0; t < nSeg; t++) {
      const seg = s.segments[t]!;
      if (typeof seg !== "object" || seg === null || !Array.isArray(seg.values) || seg.values.length !== k || !seg.values.every(finite)) {
        throw new TypeError(`loadSegmentBaseline: segments[${t}].values must be ${k} finite numbers`);
      }
      if (!finite(seg.weight) || !finite(seg.positives) || seg.weight < 0 || seg.positives < 0 || seg.positives > seg.weight) {
        throw new TypeError(`loadSegmentBaseline: segments[${t}] has bad weight=${String(seg.weight)} / positives=${String(seg.positives)}`);
      }
      weight[t] = seg.weight;
      positives[t] = seg.positives;
      for (let c = 0; c < k; c++) {
        const v = seg.values[c]!;
        values[t * k + c] = v;
        const m = codes[c]!;
        if (!m.has(v)) m.set(v, m.size);
      }
    }
    const place = placeValues(codes, "loadSegmentBaseline");
    const segmentOf = new Map<number, number>();
    for (let t = 0; t < nSeg; t++) {
      let key = 0;
      for (let c = 0; c < k; c++) key += codes[c]!.get(values[t * k + c]!)! * place[c]!;
      if (segmentOf.has(key)) throw new TypeError(`loadSegmentBaseline: segments[${t}] repeats the values of segments[${segmentOf.get(key)}]`);
      segmentOf.set(key, t);
    }
    model.fitted = withRates(
      { nFeatures: s.nFeatures, totalWeight: s.totalWeight, totalPositives: s.totalPositives, codes, place, segmentOf, values, weight, positives },
      model.options.smoothing,
    );
    return model;
  }

  private requireFitted(what: string): Fitted {
    if (this.fitted === undefined) throw new Error(`SegmentBaseline.${what}: model is not fitted; call fit() first`);
    return this.fitted;
  }
}

/** Rebuilds a {@link SegmentBaseline} from its `toJSON()` output; predictions are bit-identical. Throws TypeError on a malformed object. */
export function loadSegmentBaseline(json: unknown): SegmentBaseline {
  return SegmentBaseline.load(json);
}

/** Declarative option constraints, checked at fit/load time; each message names the option and quotes its value. */
function validateOptions(o: Readonly<SegmentBaselineOptions>): void {
  const cols = o.columns;
  if (!Array.isArray(cols)) throw new RangeError(`SegmentBaseline: option columns must be an array of column indices, got ${String(cols)}`);
  const seen = new Set<number>();
  for (const c of cols as unknown[]) {
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0) {
      throw new RangeError(`SegmentBaseline: option columns must hold integers >= 0, got ${JSON.stringify(cols)}`);
    }
    if (seen.has(c)) throw new RangeError(`SegmentBaseline: option columns repeats column ${c} in ${JSON.stringify(cols)}`);
    seen.add(c);
  }
  const m = o.smoothing;
  if (typeof m !== "number" || !(m >= 0) || !Number.isFinite(m)) {
    throw new RangeError(`SegmentBaseline: option smoothing must be a finite number >= 0, got ${String(m)}`);
  }
}

/**
 * Mixed-radix place values of the column codes, so that Σ code_c · place_c is a unique integer per value
 * combination; throws if the number of combinations Π cardinality_c exceeds 2⁵³ (keys would not be exact).
 */
function placeValues(codes: readonly Map<number, number>[], caller: string): Float64Array {
  const place = new Float64Array(codes.length);
  let prod = 1;
  for (let c = 0; c < codes.length; c++) {
    place[c] = prod;
    prod *= Math.max(codes[c]!.size, 1);
  }
  if (prod > Number.MAX_SAFE_INTEGER) {
    throw new RangeError(
      `${caller}: the chosen columns have ${codes.map((m) => m.size).join(" × ")} = ${prod} value combinations, more than 2^53; use fewer or coarser columns`,
    );
  }
  return place;
}

/** (positives_s + m·ḡ) / (weight_s + m) per segment; ḡ when weight_s + m = 0. */
/** Completes a fitted state with what derives from its counts: the global rate and the smoothed segment rates. */
function withRates(base: Omit<Fitted, "globalRate" | "rate">, smoothing: number): Fitted {
  const globalRate = base.totalPositives / base.totalWeight;
  return { ...base, globalRate, rate: smoothedRates(base.weight, base.positives, globalRate, smoothing) };
}

function smoothedRates(weight: Float64Array, positives: Float64Array, globalRate: number, m: number): Float64Array {
  const rate = new Float64Array(weight.length);
  for (let s = 0; s < weight.length; s++) {
    const den = weight[s]! + m;
    rate[s] = den > 0 ? (positives[s]! + m * globalRate) / den : globalRate;
  }
  return rate;
}
