import { describeValue, formatPath, SchemaViolation, type Spec } from "../config/schema.js";
import type { Json } from "../pipeline/metricsDocument.js";
import { InputError } from "../util/errors.js";

/** A JSON object: what a version's metadata is. */
export type JsonObject = { [key: string]: Json };

/** The 1-based line of a `JSON.parse` failure, from V8's "(line L column C)" or "at position N", the last line for a text cut short, or undefined. */
function syntaxErrorLine(text: string, message: string): number | undefined {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line) return Number(line[1]);
  const position = /at position (\d+)/.exec(message);
  if (!position && !message.includes("Unexpected end of JSON input")) return undefined;
  let n = 1;
  const end = position ? Math.min(Number(position[1]), text.length) : text.trimEnd().length;
  for (let i = 0; i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Parses the JSON `text` read from `file`, whose first line is line `line` of that file (1 for a
 * whole file, N for line N of a JSON Lines file). A syntax error becomes a one-line
 * {@link InputError} naming the file and the line of the error (V8 says where for most errors; for
 * "Unexpected token" it does not, and the first line is named).
 */
export function parseJsonText(text: string, file: string, line = 1): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    const message = (err as Error).message;
    const at = syntaxErrorLine(text, message);
    const reason = message
      .replace(/, "[^]*" is not valid JSON$/, "")
      .replace(/ in JSON at position \d+[^]*$/, "")
      .replace(/ \(line \d+ column \d+\)$/, "")
      .replace(/\s+/g, " ");
    throw new InputError({ file, line: at === undefined ? line : line + at - 1 }, "valid JSON", text.trim() === "" ? "an empty text" : `invalid JSON (${reason})`);
  }
}

/**
 * Checks a parsed value against a config-style {@link Spec} (strict objects, every key required),
 * turning a violation into an {@link InputError} `file:line, key "a.b": expected …, got …`.
 */
export function checkJson<T>(spec: Spec<T>, value: unknown, file: string, line?: number): T {
  try {
    return spec.check(value, []);
  } catch (err) {
    if (!(err instanceof SchemaViolation)) throw err;
    const key = err.path.length === 0 ? {} : { key: formatPath(err.path) };
    throw new InputError({ file, ...(line === undefined ? {} : { line }), ...key }, err.expected, err.got);
  }
}

/** A spec for the values `test` accepts, described as `expected` (the shape shared by the small specs below). */
function predicate<T>(expected: string, test: (v: unknown) => boolean): Spec<T> {
  return {
    expected,
    check(v, path) {
      if (!test(v)) throw new SchemaViolation(path, expected, describeValue(v));
      return v as T;
    },
  };
}

/** A spec for exactly the value `value` (a format number). */
export function constant<const T extends number | string>(value: T): Spec<T> {
  return predicate(JSON.stringify(value), (v) => v === value);
}

/** A spec for a canonical UTC time as `Date.prototype.toISOString` writes it (`2026-11-01T00:00:00.000Z`). */
export function isoTime(): Spec<string> {
  const canonical = (v: unknown): boolean => typeof v === "string" && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v) && !Number.isNaN(Date.parse(v)) && new Date(v).toISOString() === v;
  return predicate("a UTC time written as 2026-11-01T00:00:00.000Z", canonical);
}

/** A spec for a version number (a whole number >= 1) or, with `nullable`, null as well. */
export function versionNumber(nullable: true): Spec<number | null>;
export function versionNumber(nullable?: false): Spec<number>;
export function versionNumber(nullable = false): Spec<number | null> {
  const expected = nullable ? "a version number (a whole number >= 1) or null" : "a version number (a whole number >= 1)";
  return predicate(expected, (v) => (v === null && nullable) || (typeof v === "number" && Number.isSafeInteger(v) && v >= 1));
}

/** A spec for a string matching `pattern`, described as `expected`. */
export function matching(pattern: RegExp, expected: string): Spec<string> {
  return predicate(expected, (v) => typeof v === "string" && pattern.test(v));
}

/** A spec for a JSON object (not an array, not null) holding anything; the check of metadata as read back. */
export function jsonObject(): Spec<JsonObject> {
  return predicate("a JSON object", (v) => v !== null && typeof v === "object" && !Array.isArray(v));
}

/** A spec for a non-empty object whose keys match `keyPattern` and whose values all match `item`. */
export function mapOf<T>(keyPattern: RegExp, keyExpected: string, item: Spec<T>): Spec<Readonly<Record<string, T>>> {
  const expected = `a non-empty mapping of ${keyExpected} to ${item.expected}`;
  return {
    expected,
    check(v, path) {
      const record = jsonObject().check(v, path) as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length === 0) throw new SchemaViolation(path, expected, "an empty mapping");
      const out: Record<string, T> = {};
      for (const key of keys) {
        if (!keyPattern.test(key)) throw new SchemaViolation([...path, key], keyExpected, `the key ${JSON.stringify(key)}`, true);
        out[key] = item.check(record[key], [...path, key]);
      }
      return out;
    },
  };
}

/** Why `value` is not plain JSON (the key path and the offending value), or null when it is: the check `registerVersion` puts metadata through. */
export function jsonProblem(value: unknown, path: readonly (string | number)[] = []): string | null {
  const at = formatPath(path);
  if (value === null || typeof value === "string" || typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isFinite(value) ? null : `${at} is ${value}, which JSON cannot hold (write null)`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonProblem(value[i], [...path, i]);
      if (p !== null) return p;
    }
    return null;
  }
  if (typeof value === "object") {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) return `${at} is a ${(value as object).constructor?.name ?? "non-plain object"}, not a plain object`;
    for (const [key, v] of Object.entries(value)) {
      const p = jsonProblem(v, [...path, key]);
      if (p !== null) return p;
    }
    return null;
  }
  return `${at} is ${typeof value === "undefined" ? "undefined" : `a ${typeof value}`}, which JSON cannot hold`;
}
