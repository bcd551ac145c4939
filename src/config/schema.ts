/**
 * A small declarative schema language for the YAML config: each {@link Spec} checks a parsed
 * value and returns it typed, or reports the key path, what was expected and what was found.
 * Objects are strict (unknown keys are rejected) and every key is required, so that every
 * number the pipeline uses is visible in the config file rather than hidden in code.
 */
export interface Spec<T> {
  /** Human-readable description of what is expected, used in error messages. */
  readonly expected: string;
  /** Checks `value` found at `path`, returning it typed or throwing a {@link SchemaViolation}. */
  check(value: unknown, path: readonly (string | number)[]): T;
}

/** The type a spec produces. */
export type Infer<S> = S extends Spec<infer T> ? T : never;

/** A failed check: where (key path), what was expected, what was found. */
export class SchemaViolation extends Error {
  constructor(
    readonly path: readonly (string | number)[],
    readonly expected: string,
    readonly got: string,
    /** True when the key itself is the problem (unknown key) rather than its value. */
    readonly atKey = false,
  ) {
    super(`${formatPath(path)}: expected ${expected}, got ${got}`);
    this.name = "SchemaViolation";
  }
}

/** Formats a key path as `a.b[2].c`. */
export function formatPath(path: readonly (string | number)[]): string {
  let out = "";
  for (const part of path) out += typeof part === "number" ? `[${part}]` : out === "" ? part : `.${part}`;
  return out === "" ? "<root>" : out;
}

/** Describes a value for an error message: its YAML type and a short rendering. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return "nothing (null)";
  if (typeof value === "string") return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value)}`;
  if (typeof value === "number") return `number ${value}`;
  if (typeof value === "boolean") return `boolean ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return "a mapping";
}

interface NumberBounds {
  readonly min?: number;
  readonly max?: number;
  /** When true, `min` itself is not allowed (an open lower bound). */
  readonly exclusiveMin?: boolean;
}

function boundsText(b: NumberBounds): string {
  const parts: string[] = [];
  if (b.min !== undefined) parts.push(`${b.exclusiveMin ? ">" : ">="} ${b.min}`);
  if (b.max !== undefined) parts.push(`<= ${b.max}`);
  return parts.length === 0 ? "" : ` ${parts.join(" and ")}`;
}

function numberSpec(integerOnly: boolean, bounds: NumberBounds): Spec<number> {
  const expected = `${integerOnly ? "an integer" : "a number"}${boundsText(bounds)}`;
  return {
    expected,
    check(value, path) {
      const ok =
        typeof value === "number" &&
        Number.isFinite(value) &&
        (!integerOnly || Number.isInteger(value)) &&
        (bounds.min === undefined || (bounds.exclusiveMin ? value > bounds.min : value >= bounds.min)) &&
        (bounds.max === undefined || value <= bounds.max);
      if (!ok) throw new SchemaViolation(path, expected, describeValue(value));
      return value as number;
    },
  };
}

/** A finite number within optional bounds. */
export function num(bounds: NumberBounds = {}): Spec<number> {
  return numberSpec(false, bounds);
}

/** A whole number within optional bounds. */
export function int(bounds: NumberBounds = {}): Spec<number> {
  return numberSpec(true, bounds);
}

/** A probability: a number in [0, 1]. */
export function probability(): Spec<number> {
  return numberSpec(false, { min: 0, max: 1 });
}

/** A non-empty string. */
export function str(): Spec<string> {
  const expected = "a non-empty string";
  return {
    expected,
    check(value, path) {
      if (typeof value !== "string" || value.length === 0) throw new SchemaViolation(path, expected, describeValue(value));
      return value;
    },
  };
}

/** A boolean (`true` / `false`). */
export function bool(): Spec<boolean> {
  const expected = "true or false";
  return {
    expected,
    check(value, path) {
      if (typeof value !== "boolean") throw new SchemaViolation(path, expected, describeValue(value));
      return value;
    },
  };
}

/** One of a fixed set of strings. */
export function oneOf<const T extends readonly string[]>(values: T): Spec<T[number]> {
  const expected = `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  return {
    expected,
    check(value, path) {
      if (typeof value !== "string" || !values.includes(value)) throw new SchemaViolation(path, expected, describeValue(value));
      return value as T[number];
    },
  };
}

/** Either the word "auto" or a value matching `spec` (e.g. a worker count). */
export function autoOr<T>(spec: Spec<T>): Spec<T | "auto"> {
  const expected = `"auto" or ${spec.expected}`;
  return {
    expected,
    check(value, path) {
      if (value === "auto") return "auto";
      try {
        return spec.check(value, path);
      } catch (err) {
        if (err instanceof SchemaViolation) throw new SchemaViolation(path, expected, describeValue(value));
        throw err;
      }
    },
  };
}

/** A list whose items all match `item`, with an optional minimum length. */
export function list<T>(item: Spec<T>, options: { readonly minLength?: number } = {}): Spec<T[]> {
  const min = options.minLength ?? 0;
  const expected = `a list${min > 0 ? ` of at least ${min}` : ""} of ${item.expected}`;
  return {
    expected,
    check(value, path) {
      if (!Array.isArray(value) || value.length < min) throw new SchemaViolation(path, expected, describeValue(value));
      return value.map((v, i) => item.check(v, [...path, i]));
    },
  };
}

type Shape = Record<string, Spec<unknown>>;
type ObjectOf<S extends Shape> = { readonly [K in keyof S]: Infer<S[K]> };

/** A mapping with exactly the keys of `shape`: missing keys and unknown keys are both errors. */
export function obj<S extends Shape>(shape: S): Spec<ObjectOf<S>> {
  const keys = Object.keys(shape);
  const expected = `a mapping with keys ${keys.join(", ")}`;
  return {
    expected,
    check(value, path) {
      if (value === null || typeof value !== "object" || Array.isArray(value)) throw new SchemaViolation(path, expected, describeValue(value));
      const record = value as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        if (!(key in shape)) throw new SchemaViolation([...path, key], `one of the keys ${keys.join(", ")}`, `unknown key "${key}"`, true);
      }
      const out: Record<string, unknown> = {};
      for (const key of keys) {
        if (!(key in record)) throw new SchemaViolation([...path, key], `${shape[key]!.expected} (the key is required)`, "a missing key");
        out[key] = shape[key]!.check(record[key], [...path, key]);
      }
      return out as ObjectOf<S>;
    },
  };
}

/** A mapping from the given fixed names to values of `item` (every name required, no others): used for mixes and weights. */
export function recordOf<const K extends readonly string[], T>(names: K, item: Spec<T>): Spec<Readonly<Record<K[number], T>>> {
  const shape: Record<string, Spec<T>> = {};
  for (const n of names) shape[n] = item;
  return obj(shape) as unknown as Spec<Readonly<Record<K[number], T>>>;
}

/** A mapping of category → non-negative weight over exactly `names`, with weights summing to 1 within 1e-6. */
export function mix<const K extends readonly string[]>(names: K): Spec<Readonly<Record<K[number], number>>> {
  const inner = recordOf(names, num({ min: 0 }));
  const expected = `weights for ${names.join(", ")} summing to 1`;
  return {
    expected,
    check(value, path) {
      const r = inner.check(value, path);
      let total = 0;
      for (const n of names) total += r[n as K[number]];
      if (Math.abs(total - 1) > 1e-6) throw new SchemaViolation(path, expected, `weights summing to ${Number(total.toFixed(6))}`);
      return r;
    },
  };
}

/** Adds a cross-field rule to a spec: `rule` returns a problem description (with its sub-path) or undefined. */
export function refine<T>(spec: Spec<T>, rule: (value: T) => { path: readonly (string | number)[]; expected: string; got: string } | undefined): Spec<T> {
  return {
    expected: spec.expected,
    check(value, path) {
      const typed = spec.check(value, path);
      const problem = rule(typed);
      if (problem) throw new SchemaViolation([...path, ...problem.path], problem.expected, problem.got);
      return typed;
    },
  };
}
