import type { DenseMatrix } from "../models/matrix.js";
import type { FeatureFrame } from "./frame.js";

/** Options of {@link FeaturePreprocessor}. */
export interface PreprocessOptions {
  /** Standardise numeric features to mean 0, standard deviation 1 on the training rows. */
  readonly standardize: boolean;
  /** Names of frame features to leave out (for example to build ablations or the leakage ladder). */
  readonly exclude?: readonly string[];
  /**
   * Keep missing numeric values as NaN (no fill, no `:missing` column), for models that learn where
   * missing values go (gradient-boosted trees); implies no standardisation.
   */
  readonly keepMissing?: boolean;
}

/** What a fitted {@link FeaturePreprocessor} learned, JSON-ready. */
export interface PreprocessState {
  readonly kind: "FeaturePreprocessor";
  readonly options: PreprocessOptions;
  readonly numeric: readonly { name: string; fill: number; mean: number; scale: number; indicator: boolean }[];
  readonly categorical: readonly { name: string; levels: readonly string[]; seen: readonly number[] }[];
  readonly columnNames: readonly string[];
}

/**
 * The fitted transforms between a raw {@link FeatureFrame} and a model's design matrix, fitted
 * on training rows only (call `fit` inside each fold): numeric features get their missing values
 * filled with the training mean plus a 0/1 `name:missing` column when the training rows had any,
 * then are standardised with the training mean and standard deviation (a constant column maps to
 * 0); categorical features are one-hot encoded over the levels seen in training, and a level not
 * seen in training encodes as all zeros (the intercept's reference). scikit-learn style:
 * constructor stores options, `fit` returns this.
 */
export class FeaturePreprocessor {
  private state: PreprocessState | undefined;

  constructor(readonly options: PreprocessOptions) {}

  /** Learns fills, scales and seen levels from `rows` of `frame`; throws on no rows. */
  fit(frame: FeatureFrame, rows: Uint32Array): this {
    if (rows.length === 0) throw new RangeError("FeaturePreprocessor.fit: no training rows");
    const skip = new Set(this.options.exclude ?? []);
    const numeric: { name: string; fill: number; mean: number; scale: number; indicator: boolean }[] = [];
    const columnNames: string[] = [];
    for (const f of frame.numeric) {
      if (skip.has(f.info.name)) continue;
      let sum = 0;
      let count = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = f.values[rows[i]!]!;
        if (v === v) (sum += v, count++);
      }
      const keep = this.options.keepMissing === true;
      const fill = count === 0 ? 0 : sum / count;
      const indicator = !keep && count < rows.length;
      // Mean and variance after filling (two-pass for accuracy).
      let mean = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = f.values[rows[i]!]!;
        mean += v === v ? v : fill;
      }
      mean /= rows.length;
      let ss = 0;
      for (let i = 0; i < rows.length; i++) {
        const v = f.values[rows[i]!]!;
        const d = (v === v ? v : fill) - mean;
        ss += d * d;
      }
      const sd = Math.sqrt(ss / rows.length);
      const standardize = this.options.standardize && !keep;
      const scale = standardize ? (sd > 0 ? sd : 0) : 1;
      numeric.push({ name: f.info.name, fill, mean: standardize ? mean : 0, scale, indicator });
      columnNames.push(f.info.name);
      if (indicator) columnNames.push(`${f.info.name}:missing`);
    }
    const categorical: { name: string; levels: readonly string[]; seen: number[] }[] = [];
    for (const f of frame.categorical) {
      if (skip.has(f.info.name)) continue;
      const counts = new Uint32Array(f.levels.length);
      for (let i = 0; i < rows.length; i++) counts[f.codes[rows[i]!]!]++;
      const seen: number[] = [];
      counts.forEach((c, k) => {
        if (c > 0) seen.push(k);
      });
      categorical.push({ name: f.info.name, levels: f.levels, seen });
      for (const k of seen) columnNames.push(`${f.info.name}=${f.levels[k]}`);
    }
    this.state = { kind: "FeaturePreprocessor", options: this.options, numeric, categorical, columnNames };
    return this;
  }

  /** Column names of the design matrix, in order. */
  get columnNames(): readonly string[] {
    return this.fitted().columnNames;
  }

  private fitted(): PreprocessState {
    if (!this.state) throw new Error("FeaturePreprocessor: call fit() before transform()");
    return this.state;
  }

  /**
   * The row-major design matrix for `rows` of `frame` (rows × columnNames.length). Written one row at
   * a time, so the output is filled in order (a column at a time strides over the whole matrix and
   * misses the cache on every write). O(rows · features).
   */
  transform(frame: FeatureFrame, rows: Uint32Array): DenseMatrix {
    const state = this.fitted();
    const cols = state.columnNames.length;
    const data = new Float64Array(rows.length * cols);
    const byName = new Map(frame.numeric.map((f) => [f.info.name, f]));
    const keep = state.options.keepMissing === true;
    const catByName = new Map(frame.categorical.map((f) => [f.info.name, f]));
    const numValues: Float64Array[] = [];
    const numColumn: number[] = [];
    let j = 0;
    for (const s of state.numeric) {
      const f = byName.get(s.name);
      if (!f) throw new RangeError(`FeaturePreprocessor.transform: the frame has no numeric feature "${s.name}"`);
      numValues.push(f.values);
      numColumn.push(j);
      j += s.indicator ? 2 : 1;
    }
    const numeric = state.numeric;
    const inv = numeric.map((s) => (s.scale > 0 ? 1 / s.scale : 0));
    const catCodes: Uint8Array[] = [];
    const catSlots: Int32Array[] = [];
    for (const s of state.categorical) {
      const f = catByName.get(s.name);
      if (!f) throw new RangeError(`FeaturePreprocessor.transform: the frame has no categorical feature "${s.name}"`);
      const slot = new Int32Array(f.levels.length).fill(-1);
      s.seen.forEach((k, m) => (slot[k] = j + m));
      catCodes.push(f.codes);
      catSlots.push(slot);
      j += s.seen.length;
    }
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      const base = i * cols;
      for (let c = 0; c < numeric.length; c++) {
        const s = numeric[c]!;
        const v = numValues[c]![r]!;
        const missing = v !== v;
        const at = base + numColumn[c]!;
        data[at] = missing && keep ? Number.NaN : ((missing ? s.fill : v) - s.mean) * inv[c]!;
        if (s.indicator) data[at + 1] = missing ? 1 : 0;
      }
      for (let c = 0; c < catCodes.length; c++) {
        const at = catSlots[c]![catCodes[c]![r]!]!;
        if (at >= 0) data[base + at] = 1;
      }
    }
    return { data, rows: rows.length, cols };
  }

  /** The fitted state, JSON-ready. */
  toJSON(): PreprocessState {
    return this.fitted();
  }

  /** Rebuilds a fitted preprocessor from {@link FeaturePreprocessor.toJSON} output. */
  static fromJSON(state: PreprocessState): FeaturePreprocessor {
    const p = new FeaturePreprocessor(state.options);
    p.state = state;
    return p;
  }
}
