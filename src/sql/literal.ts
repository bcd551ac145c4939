/**
 * SQL number literals that both dialects read back as the same float64, bit for bit. A plain
 * decimal such as `0.1` is a DECIMAL in DuckDB and Spark SQL (exact, then rounded to a double only
 * when it meets one, and out of range past 38 digits), so every double is written in exponent
 * notation (`1.0E-1`), which both parse as DOUBLE with correct rounding.
 */

/** The SQL text of a positive power-of-ten exponent form: the shortest round-trip digits of |x| as `d.dddE±n`. */
function exponentForm(abs: number): string {
  // toExponential() without digits gives the shortest digit string that reads back as the same double.
  const [mantissa, exponent] = abs.toExponential().split("e") as [string, string];
  return `${mantissa.includes(".") ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/**
 * A DOUBLE literal for `x`: the shortest digits that round-trip (as JavaScript's `String(x)`),
 * in exponent notation (`1.0E-1`, `5.0E-324`, `1.7976931348623157E308`); negative values, −0
 * included, in parentheses (`(-2.5E0)`, `(-0.0E0)`) so that `a - (-1.0E0)` never reads as a
 * comment (`--`); NaN and ±∞ as `CAST('NaN' AS DOUBLE)`, `CAST('Infinity' AS DOUBLE)`,
 * `CAST('-Infinity' AS DOUBLE)`, which DuckDB and Spark both accept.
 */
export function doubleLiteral(x: number): string {
  if (Number.isNaN(x)) return "CAST('NaN' AS DOUBLE)";
  if (x === Number.POSITIVE_INFINITY) return "CAST('Infinity' AS DOUBLE)";
  if (x === Number.NEGATIVE_INFINITY) return "CAST('-Infinity' AS DOUBLE)";
  if (x === 0) return Object.is(x, -0) ? "(-0.0E0)" : "0.0E0";
  return x < 0 ? `(-${exponentForm(-x)})` : exponentForm(x);
}

/** An INTEGER literal for a safe integer `n` (partition months, counts); throws on anything else. */
export function integerLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new RangeError(`integerLiteral: expected a safe integer, got ${n}`);
  return n < 0 ? `(${n})` : String(n);
}
