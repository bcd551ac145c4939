/**
 * Most points a curve summary keeps for drawing: enough for a smooth line at report width, small
 * enough that a document with a dozen curves stays light (about 10 KB of JSON per curve).
 */
export const MAX_CURVE_POINTS = 500;

/** Significant digits of a drawn coordinate: far below a pixel, and half the JSON of a full double. */
export const DRAWING_DIGITS = 6;

/** `x` rounded to {@link DRAWING_DIGITS} significant digits; non-finite values unchanged. */
export function toDrawingPrecision(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(DRAWING_DIGITS)) : x;
}

/**
 * Indices of at most `maxPoints` (≥ 3) points of the polyline (x[i], y[i]) that keep its shape:
 * the first and last points always, and interior points spaced at least L/(maxPoints − 2) apart
 * in arc length, where L is the polyline's length with each axis scaled to its own range (so a
 * steep ROC start keeps its points). All indices when the curve is short enough. O(n); throws on
 * empty input, unequal lengths or a bad `maxPoints`.
 */
export function downsampleCurve(x: ArrayLike<number>, y: ArrayLike<number>, maxPoints: number = MAX_CURVE_POINTS): Uint32Array {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`downsampleCurve: x and y lengths differ (x ${n}, y ${y.length})`);
  if (!Number.isInteger(maxPoints) || maxPoints < 3) throw new RangeError(`downsampleCurve: maxPoints must be an integer >= 3, got ${maxPoints}`);
  if (n === 0) throw new RangeError("downsampleCurve: empty input");
  if (n <= maxPoints) return Uint32Array.from({ length: n }, (_, i) => i);
  const spanX = range(x) || 1;
  const spanY = range(y) || 1;
  const cum = new Float64Array(n);
  for (let i = 1; i < n; i++) {
    const dx = (x[i]! - x[i - 1]!) / spanX;
    const dy = (y[i]! - y[i - 1]!) / spanY;
    const d = Math.hypot(dx, dy);
    cum[i] = cum[i - 1]! + (Number.isFinite(d) ? d : 0);
  }
  const step = cum[n - 1]! / (maxPoints - 2);
  const keep: number[] = [0];
  let next = step;
  for (let i = 1; i < n - 1; i++) {
    if (step > 0 && cum[i]! >= next) {
      keep.push(i);
      next = cum[i]! + step;
    }
  }
  keep.push(n - 1);
  return Uint32Array.from(keep);
}

/** max − min over the finite values of `v` (0 when fewer than two distinct finite values). */
function range(v: ArrayLike<number>): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const a = v[i]!;
    if (!Number.isFinite(a)) continue;
    if (a < lo) lo = a;
    if (a > hi) hi = a;
  }
  return hi > lo ? hi - lo : 0;
}
