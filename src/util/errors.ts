/**
 * Where a bad value was found: the file, and within it a 1-based line, a column name
 * or a config key path. Every field is optional because not every source has all of them.
 */
export interface InputLocation {
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  readonly key?: string;
}

/**
 * Error for bad user input (CSV, YAML config, CLI flags). The message always starts with
 * the location (`file:line column "x"` or `file key a.b.c`) followed by what was expected
 * and what was found, so a one-paragraph CLI error can be printed as is.
 */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly expected: string;
  readonly got: string | undefined;

  constructor(location: InputLocation, expected: string, got?: string) {
    super(formatInputError(location, expected, got));
    this.name = "InputError";
    this.location = location;
    this.expected = expected;
    this.got = got;
  }
}

/** Formats a location and expectation the way {@link InputError} does: `file:line, column "c": expected X, got Y`. */
export function formatInputError(location: InputLocation, expected: string, got?: string): string {
  const where: string[] = [];
  let head = location.file ?? "<input>";
  if (location.line !== undefined) head += `:${location.line}`;
  where.push(head);
  if (location.column !== undefined) where.push(`column "${location.column}"`);
  if (location.key !== undefined) where.push(`key "${location.key}"`);
  const tail = got === undefined ? "" : `, got ${got}`;
  return `${where.join(", ")}: expected ${expected}${tail}`;
}

/** Quotes a value from data for an error message, truncating long values to 60 characters. */
export function quoteValue(value: string): string {
  const short = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(short);
}
