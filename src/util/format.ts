/**
 * Number formatting shared by the report, the notebooks and the CLI lines: how a count, an amount
 * of money, a share, a metric or a duration is written exists once, here. Every function takes
 * `number | null` (the run document writes non-finite numbers as null) and writes null and NaN as
 * "n/a", +Infinity as "∞" and −Infinity as "−∞"; a value that rounds to zero is written without a
 * minus sign. Thousands are grouped with "," (en-US) whatever the machine's locale, so outputs are
 * the same everywhere.
 */

/** How a missing number (null or NaN) is written. */
export const MISSING_NUMBER = "n/a";

/** The text of a non-finite or missing value, or null when `x` is a finite number. */
function special(x: number | null): string | null {
  if (x === null || Number.isNaN(x)) return MISSING_NUMBER;
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  return null;
}

/** `text` without the minus sign of a negative zero ("-0", "-0.00", "-$0"). */
function unsignedZero(text: string): string {
  return /^-[$0.,]*$/.test(text) ? text.slice(1) : text;
}

function checkDigits(where: string, digits: number, min: number, max: number): void {
  if (!Number.isInteger(digits) || digits < min || digits > max) throw new RangeError(`${where}: digits must be an integer in ${min}..${max}, got ${digits}`);
}

/** `x` with exactly `digits` decimals (0..20), e.g. formatFixed(0.81234, 3) → "0.812". */
export function formatFixed(x: number | null, digits: number): string {
  checkDigits("formatFixed", digits, 0, 20);
  return special(x) ?? unsignedZero(x!.toFixed(digits));
}

/** `x` rounded to a whole number with thousands separators, e.g. 1234.6 → "1,235". */
export function formatCount(x: number | null): string {
  return special(x) ?? unsignedZero(Math.round(x!).toLocaleString("en-US"));
}

/** An amount of dollars rounded to whole dollars with thousands separators: 1234.6 → "$1,235", −50 → "-$50". */
export function formatMoney(x: number | null): string {
  const s = special(x);
  if (s !== null) return s;
  const text = formatCount(Math.abs(x!));
  return text === "0" || x! > 0 ? `$${text}` : `-$${text}`;
}

/** A share in [0, 1] as a percentage with `decimals` decimals (default 1): 0.0089 → "0.9 %". */
export function formatPercent(share: number | null, decimals = 1): string {
  checkDigits("formatPercent", decimals, 0, 20);
  return special(share) ?? `${unsignedZero((100 * share!).toFixed(decimals))} %`;
}

/**
 * The coverage of a band or an interval, as in "95% bootstrap band": a percentage with at most one
 * decimal and no trailing zeros (0.95 → "95%", 0.975 → "97.5%").
 */
export function formatLevel(level: number | null): string {
  return special(level) ?? `${Number((100 * level!).toFixed(1))}%`;
}

/**
 * A number for a table or a sentence: integers, and values with |x| ≥ 10^(digits − 1), rounded to
 * whole units with thousands separators ("4,770"); other values with `digits` significant digits
 * (1..21, default 4), trailing zeros dropped ("0.001582", "752.2").
 */
export function formatNumber(x: number | null, digits = 4): string {
  const s = special(x);
  if (s !== null) return s;
  checkDigits("formatNumber", digits, 1, 21);
  if (Number.isInteger(x) || Math.abs(x!) >= 10 ** (digits - 1)) return formatCount(x);
  return unsignedZero(String(Number(x!.toPrecision(digits))));
}

/** A duration given in milliseconds, in seconds with `decimals` decimals (default 2): 1234 → "1.23 s". */
export function formatSeconds(milliseconds: number | null, decimals = 2): string {
  return `${formatFixed(milliseconds === null ? null : milliseconds / 1000, decimals)} s`;
}
