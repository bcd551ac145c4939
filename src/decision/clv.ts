/**
 * Customer lifetime value and the probability conversions that feed the expected value of a
 * retention action: a model predicts P(churn within the label horizon h); the decision needs a
 * monthly hazard (for CLV) and P(churn within the action's effect window W).
 *
 * Assumption throughout: a constant monthly hazard per customer (geometric survival), so that
 * S(k) = (1 − p_month)^k. Computations go through `log1p`/`expm1` so that small probabilities and
 * discount rates keep full relative precision.
 */
import { checkFinite, checkProbabilities } from "../evaluation/checks.js";

function checkNonEmpty(name: string, what: string, length: number): void {
  if (length === 0) throw new RangeError(`${name}: empty input (${what} has length 0)`);
}

function checkPositive(name: string, what: string, value: number): void {
  if (!(value > 0 && value < Infinity)) throw new RangeError(`${name}: ${what} must be a finite number > 0, got ${value}`);
}

/**
 * P(churn within `to` months) from P(churn within `from` months) under a constant hazard:
 * 1 − (1 − p)^(to/from), computed as −expm1(log1p(−p)·to/from) (full relative precision at small
 * p). The one conversion between churn windows: {@link monthlyFromHorizon} (from = h, to = 1) and
 * {@link windowProbability} (from = 1, to = W) are this with their own checks; evaluated
 * left to right, so x·1/h = x/h and x·W/1 = x·W exactly. p = 0 gives 0, p = 1 gives 1.
 */
export function churnWithinMonths(p: number, from: number, to: number): number {
  return -Math.expm1((Math.log1p(-p) * to) / from);
}

/** Checks (empty input, the window length `months` a finite number > 0, probabilities in [0, 1]) and converts every p from `from` to `to` months. */
function convertWindow(name: string, input: string, months: readonly [string, number], p: Float64Array, from: number, to: number): Float64Array {
  checkNonEmpty(name, input, p.length);
  checkPositive(name, months[0], months[1]);
  checkProbabilities(name, input, p);
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = churnWithinMonths(p[i]!, from, to);
  return out;
}

/**
 * Monthly churn probability from a probability over `horizon` months under a constant hazard:
 * p_month = 1 − (1 − p_h)^(1/h) ({@link churnWithinMonths} from h to 1). p_h = 1 gives 1, p_h = 0
 * gives 0. `horizon` is the label horizon in months (finite, > 0). Throws on empty input or p_h
 * outside [0, 1] (index and value quoted). Returns a new array of length n.
 */
export function monthlyFromHorizon(pH: Float64Array, horizon: number): Float64Array {
  return convertWindow("monthlyFromHorizon", "pH", ["horizon", horizon], pH, horizon, 1);
}

/**
 * Probability of churning within `months` months given a constant monthly churn probability:
 * P(churn within W) = 1 − (1 − p_month)^W ({@link churnWithinMonths} from 1 to W). This is the p
 * that enters the expected value of an action whose effect lasts W months (`decision.effectMonths`).
 * `months` must be finite and > 0. Throws on empty input or p outside [0, 1]. Returns a new array.
 */
export function windowProbability(pMonth: Float64Array, months: number): Float64Array {
  return convertWindow("windowProbability", "pMonth", ["months", months], pMonth, 1, months);
}

/** Options of {@link customerLifetimeValue}; in the pipeline they come from the `decision` config block. */
export interface ClvOptions {
  /** Share of the monthly charge that is margin, in [0, 1] (`decision.marginRate`). */
  readonly marginRate: number;
  /** Annual discount rate a ≥ 0 (`decision.annualDiscountRate`); the monthly factor is d = (1 + a)^(−1/12). */
  readonly annualDiscountRate: number;
  /** H: number of future months counted, a positive integer (`decision.clvHorizonMonths`). */
  readonly horizonMonths: number;
}

/**
 * Customer lifetime value in currency units: the discounted expected margin over the next H months,
 *
 *   CLV = Σ_{k=1..H} m·(r·d)^k = m·q·(1 − q^H)/(1 − q),  q = r·d  (= H·m when q = 1),
 *
 * with m = marginRate·monthlyCharges (monthly margin, charges held flat), r = 1 − p_month (monthly
 * retention from the model's own calibrated hazard, constant over the horizon: survival to month k
 * is r^k), d = (1 + annualDiscountRate)^(−1/12), and the margin of month k received at the end of
 * that month if the customer is still there. The ratio (1 − q^H)/(1 − q) is evaluated as
 * expm1(H·ln q)/expm1(ln q) with ln q = log1p(−p_month) − ln(1 + a)/12, exact near q = 1.
 * Using the per-customer model hazard (rather than a cohort retention curve) ties CLV to the same
 * calibrated probability as the EV; the textbook alternative for a heterogeneous cohort is the
 * shifted-beta-geometric model (Fader & Hardie 2007, "How to project customer retention", J.
 * Interactive Marketing 21(1)), whose retention rises with tenure instead of staying constant.
 * Throws on empty input, length mismatch, p outside [0, 1], negative or non-finite charges and
 * invalid options (values quoted). O(n); returns a new array of length n.
 */
export function customerLifetimeValue(monthlyCharges: Float64Array, pMonth: Float64Array, options: ClvOptions): Float64Array {
  const name = "customerLifetimeValue";
  const n = monthlyCharges.length;
  checkNonEmpty(name, "monthlyCharges", n);
  if (pMonth.length !== n) throw new RangeError(`${name}: monthlyCharges and pMonth lengths differ (monthlyCharges ${n}, pMonth ${pMonth.length})`);
  const { marginRate, annualDiscountRate, horizonMonths } = options;
  if (!(marginRate >= 0 && marginRate <= 1)) throw new RangeError(`${name}: marginRate must be in [0, 1], got ${marginRate}`);
  if (!(annualDiscountRate >= 0 && annualDiscountRate < Infinity)) {
    throw new RangeError(`${name}: annualDiscountRate must be a finite number >= 0, got ${annualDiscountRate}`);
  }
  if (!(Number.isSafeInteger(horizonMonths) && horizonMonths >= 1)) {
    throw new RangeError(`${name}: horizonMonths must be an integer >= 1, got ${horizonMonths}`);
  }
  checkFinite(name, "monthlyCharges", monthlyCharges);
  for (let i = 0; i < n; i++) {
    if (monthlyCharges[i]! < 0) throw new RangeError(`${name}: monthlyCharges[${i}] = ${monthlyCharges[i]} is negative`);
  }
  checkProbabilities(name, "pMonth", pMonth);
  const logD = -Math.log1p(annualDiscountRate) / 12;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const m = marginRate * monthlyCharges[i]!;
    const logQ = Math.log1p(-pMonth[i]!) + logD;
    if (logQ === 0) {
      out[i] = horizonMonths * m; // q = 1: no churn, no discounting
    } else {
      // q·(1 − q^H)/(1 − q); for q = 0 (p_month = 1) expm1(−∞) = −1 and the value is 0.
      out[i] = m * Math.exp(logQ) * (Math.expm1(horizonMonths * logQ) / Math.expm1(logQ));
    }
  }
  return out;
}
