import type { FeatureConfig } from "../config/config.js";
import type { CategoricalColumn, ChurnHistory } from "../data/history.js";
import { INTERNET, INTERNET_ADD_ONS, YES } from "../data/telcoVocabulary.js";
import type { CategoricalFeature, FeatureFrame, FeatureInfo, NumericFeature } from "./frame.js";

/** Reads a categorical attribute per month row, whether it is monthly or static. */
function categoricalAt(history: ChurnHistory, name: string): { column: CategoricalColumn; monthly: boolean } | undefined {
  const monthly = history.months.categorical[name];
  if (monthly) return { column: monthly, monthly: true };
  const fixed = history.customers.categorical[name];
  return fixed ? { column: fixed, monthly: false } : undefined;
}

function broadcast(values: Float64Array, customer: Uint32Array): Float64Array {
  const out = new Float64Array(customer.length);
  for (let r = 0; r < customer.length; r++) out[r] = values[customer[r]!]!;
  return out;
}

function broadcastCodes(codes: Uint8Array, customer: Uint32Array): Uint8Array {
  const out = new Uint8Array(customer.length);
  for (let r = 0; r < customer.length; r++) out[r] = codes[customer[r]!]!;
  return out;
}

function tenureBucketLevels(bounds: readonly number[]): string[] {
  const levels: string[] = [];
  let lo = 0;
  for (const b of bounds) {
    levels.push(`${lo}-${b}`);
    lo = b + 1;
  }
  levels.push(`${lo}+`);
  return levels;
}

/**
 * Builds the raw feature frame for every month row of `history`. Every value at row r (customer
 * c, month t) is computed from c's static attributes and c's rows at months ≤ t only: rolling
 * means over the last w observed months (fewer at the start of a history, with `historyMonths`
 * saying how many), the relative change of MonthlyCharges against month t − lag (NaN before), tenure and
 * its bucket, a service count and charges per service, and months to the next contract renewal
 * (a contract is assumed to have run since joining unless a change is observed). Features whose
 * source columns the history lacks are left out (the Telco snapshot has no monthly signals).
 * Nothing reads TotalCharges, the churn month or any later row. O(rows × features).
 */
export function buildFeatureFrame(history: ChurnHistory, cfg: FeatureConfig): FeatureFrame {
  const { months, customers } = history;
  const n = months.count;
  const cust = months.customer;
  const numeric: NumericFeature[] = [];
  const categorical: CategoricalFeature[] = [];
  const info = (name: string, group: FeatureInfo["group"], kind: FeatureInfo["kind"], description: string, window: number | null, source: string): FeatureInfo => ({
    name,
    group,
    kind,
    description,
    window,
    source,
  });

  // Attributes: static customer columns and time-varying categorical columns, as known at month t.
  for (const [name, col] of Object.entries(customers.categorical)) {
    categorical.push({ info: info(name, "attribute", "categorical", `${name} (customer attribute)`, null, name), levels: col.levels, codes: broadcastCodes(col.codes, cust) });
  }
  for (const [name, col] of Object.entries(months.categorical)) {
    categorical.push({ info: info(name, "attribute", "categorical", `${name} in force at the end of the month`, null, name), levels: col.levels, codes: col.codes });
  }
  for (const [name, values] of Object.entries(customers.numeric)) {
    numeric.push({ info: info(name, "attribute", "numeric", `${name} (customer attribute)`, null, name), values: broadcast(values, cust) });
  }
  for (const [name, values] of Object.entries(months.numeric)) {
    numeric.push({ info: info(name, "signal", "numeric", `${name} in the month`, null, name), values });
  }

  // Tenure and its bucket.
  const tenure = new Float64Array(n);
  const bucket = new Uint8Array(n);
  const bounds = cfg.tenureBuckets;
  for (let r = 0; r < n; r++) {
    const t = months.tenure[r]!;
    tenure[r] = t;
    let b = 0;
    while (b < bounds.length && t > bounds[b]!) b++;
    bucket[r] = b;
  }
  numeric.push({ info: info("tenure", "derived", "numeric", "completed months of service at the end of the month", null, "tenure"), values: tenure });
  categorical.push({ info: info("tenureBucket", "derived", "categorical", `tenure bucket (bounds ${bounds.join(", ")} months)`, null, "tenure"), levels: tenureBucketLevels(bounds), codes: bucket });

  // Services and charges per service.
  const phone = categoricalAt(history, "PhoneService");
  const internet = categoricalAt(history, "InternetService");
  if (phone && internet) {
    const parts = [phone, categoricalAt(history, "MultipleLines"), ...INTERNET_ADD_ONS.map((c) => categoricalAt(history, c))].filter(
      (x): x is NonNullable<typeof x> => x !== undefined,
    );
    const count = new Float64Array(n);
    for (const part of parts) {
      const yes = part.column.levels.indexOf(YES);
      for (let r = 0; r < n; r++) if (part.column.codes[part.monthly ? r : cust[r]!] === yes) count[r]!++;
    }
    const none = internet.column.levels.indexOf(INTERNET.none);
    for (let r = 0; r < n; r++) if (internet.column.codes[internet.monthly ? r : cust[r]!] !== none) count[r]!++;
    numeric.push({ info: info("serviceCount", "derived", "numeric", "number of services: phone, extra lines, internet and each add-on", null, "PhoneService, MultipleLines, InternetService, add-ons"), values: count });
    const charges = months.numeric.MonthlyCharges ?? (customers.numeric.MonthlyCharges ? broadcast(customers.numeric.MonthlyCharges, cust) : undefined);
    if (charges) {
      const per = new Float64Array(n);
      for (let r = 0; r < n; r++) per[r] = charges[r]! / Math.max(1, count[r]!);
      numeric.push({ info: info("chargesPerService", "derived", "numeric", "MonthlyCharges divided by the number of services", null, "MonthlyCharges"), values: per });
    }
  }

  // Months to the next contract renewal.
  const contract = categoricalAt(history, "Contract");
  if (contract) {
    const term = contract.column.levels.map((l) => (cfg.contractTermMonths as Record<string, number>)[l] ?? 1);
    const toRenewal = new Float64Array(n);
    for (let c = 0; c < customers.count; c++) {
      let runStart = 0;
      let prev = -1;
      for (let r = customers.rowStart[c]!; r < customers.rowStart[c + 1]!; r++) {
        const code = contract.column.codes[contract.monthly ? r : c]!;
        if (prev >= 0 && code !== prev) runStart = months.tenure[r]! - 1;
        prev = code;
        const len = term[code]!;
        toRenewal[r] = len - ((months.tenure[r]! - runStart) % len);
      }
    }
    numeric.push({
      info: info("monthsToRenewal", "derived", "numeric", "months until the contract term ends (1 = ends next month; always 1 for month-to-month)", null, "Contract, tenure"),
      values: toRenewal,
    });
  }

  // Charge change against `lag` months ago, and rolling means of the other monthly signals.
  const lag = cfg.chargeChangeLag;
  const monthlyCharges = months.numeric.MonthlyCharges;
  if (monthlyCharges) {
    const change = new Float64Array(n).fill(Number.NaN);
    for (let c = 0; c < customers.count; c++) {
      for (let r = customers.rowStart[c]! + lag; r < customers.rowStart[c + 1]!; r++) change[r] = monthlyCharges[r]! / monthlyCharges[r - lag]! - 1;
    }
    numeric.push({ info: info(`chargeChange${lag}`, "derived", "numeric", `relative change of MonthlyCharges against ${lag} months earlier (missing before)`, lag, "MonthlyCharges"), values: change });
  }
  const signals = Object.entries(months.numeric).filter(([name]) => name !== "MonthlyCharges");
  if (signals.length > 0) {
    const maxWindow = Math.max(...cfg.windows);
    const history_ = new Float64Array(n);
    for (let c = 0; c < customers.count; c++) {
      const a = customers.rowStart[c]!;
      for (let r = a; r < customers.rowStart[c + 1]!; r++) history_[r] = Math.min(maxWindow, r - a + 1);
    }
    numeric.push({ info: info("historyMonths", "rolling", "numeric", `observed months behind the rolling means (capped at ${maxWindow})`, maxWindow, "month rows"), values: history_ });
    for (const [name, values] of signals) {
      for (const w of cfg.windows) {
        const mean = new Float64Array(n);
        for (let c = 0; c < customers.count; c++) {
          const a = customers.rowStart[c]!;
          const b = customers.rowStart[c + 1]!;
          let sum = 0;
          for (let r = a; r < b; r++) {
            sum += values[r]!;
            if (r - a >= w) sum -= values[r - w]!;
            mean[r] = sum / Math.min(w, r - a + 1);
          }
        }
        numeric.push({ info: info(`${name}Mean${w}`, "rolling", "numeric", `mean ${name} over the last ${w} months (current included)`, w, name), values: mean });
      }
    }
  }
  return { rowCount: n, numeric, categorical };
}
