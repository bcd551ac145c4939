import { isAlias, isCollection, isMap, isNode, isPair, isScalar, LineCounter, parseDocument, type Document } from "yaml";
import { InputError } from "../util/errors.js";
import { formatPath, SchemaViolation } from "./schema.js";
import { validateConfig, type Config } from "./config.js";

/** A YAML config text and the file name it came from (for error messages). */
export interface ConfigText {
  readonly file: string;
  readonly text: string;
}

interface ParsedYaml {
  readonly file: string;
  readonly doc: Document;
  readonly lines: LineCounter;
  readonly value: unknown;
}

/**
 * Resource limits on a YAML config, so a hostile file is bad input (an `InputError`) rather than a
 * crash or a hang: its size in bytes (1 MiB; the committed default is ~10 KB), the nesting depth of
 * mappings and lists (64; the schema needs 4), and the alias count passed to the `yaml` package's
 * `maxAliasCount` (100), which stops an alias bomb (nested anchors that expand exponentially).
 */
export const YAML_LIMITS = { maxBytes: 1_048_576, maxDepth: 64, maxAliasCount: 100 } as const;

/** Throws an `InputError` naming `file` when a YAML config of `bytes` bytes is over `YAML_LIMITS.maxBytes`. */
export function assertYamlSize(file: string, bytes: number): void {
  if (bytes > YAML_LIMITS.maxBytes) throw new InputError({ file }, `a YAML config of at most ${YAML_LIMITS.maxBytes} bytes (1 MiB)`, `${bytes} bytes`);
}

const DEPTH_EXPECTED = `YAML nested at most ${YAML_LIMITS.maxDepth} levels deep`;

/** Line of the first collection nested deeper than the limit (walked with an explicit stack), or undefined. */
function tooDeepAt(doc: Document, lines: LineCounter): number | undefined {
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  while (stack.length > 0) {
    const { node, depth } = stack.pop()!;
    if (isPair(node)) {
      stack.push({ node: node.key, depth }, { node: node.value, depth });
    } else if (isCollection(node) && !isAlias(node)) {
      if (depth >= YAML_LIMITS.maxDepth) return node.range ? lines.linePos(node.range[0]).line : 1;
      for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    }
  }
  return undefined;
}

function parseYaml(source: ConfigText): ParsedYaml {
  const { file, text } = source;
  assertYamlSize(file, Buffer.byteLength(text, "utf8"));
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  } catch (err) {
    if (err instanceof RangeError) throw new InputError({ file }, DEPTH_EXPECTED, `nesting too deep to parse (${err.message})`);
    throw err;
  }
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    if (/Maximum call stack/.test(first.message)) throw new InputError({ file, line }, DEPTH_EXPECTED, "nesting too deep to parse");
    throw new InputError({ file, line }, "valid YAML", JSON.stringify(first.message.split("\n")[0]));
  }
  const deep = tooDeepAt(doc, lines);
  if (deep !== undefined) throw new InputError({ file, line: deep }, DEPTH_EXPECTED, "deeper nesting");
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_LIMITS.maxAliasCount });
  } catch (err) {
    if (err instanceof ReferenceError && /alias count/i.test(err.message)) {
      throw new InputError({ file }, `YAML whose aliases expand at most ${YAML_LIMITS.maxAliasCount} times`, "more (an alias bomb: nested anchors that expand exponentially)");
    }
    throw err;
  }
  return { file, doc, lines, value: value ?? {} };
}

/** Line (1-based) of the node at `path` in a parsed file, or of the key itself when `atKey`; undefined if absent. */
function lineOf(parsed: ParsedYaml, path: readonly (string | number)[], atKey: boolean): number | undefined {
  for (let depth = path.length; depth >= 0; depth--) {
    const sub = path.slice(0, depth);
    if (atKey && depth === path.length && depth > 0) {
      const parent = sub.length > 1 ? parsed.doc.getIn(sub.slice(0, -1), true) : parsed.doc.contents;
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === sub[sub.length - 1]);
        if (pair && isNode(pair.key) && pair.key.range) return parsed.lines.linePos(pair.key.range[0]).line;
      }
      continue;
    }
    const node = sub.length === 0 ? parsed.doc.contents : parsed.doc.getIn(sub, true);
    if (isNode(node) && node.range) {
      // A missing key is reported where its parent mapping starts.
      return parsed.lines.linePos(node.range[0]).line;
    }
  }
  return undefined;
}

function hasPath(value: unknown, path: readonly (string | number)[]): boolean {
  let cur: unknown = value;
  for (const part of path) {
    if (cur === null || typeof cur !== "object" || !(part in (cur as object))) return false;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return true;
}

/** Deep merge of plain mappings: `override` wins; lists and scalars are replaced whole. */
export function mergeConfigValues(base: unknown, override: unknown): unknown {
  const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!isPlain(base) || !isPlain(override)) return override === undefined ? base : override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) out[k] = k in base ? mergeConfigValues(base[k], v) : v;
  return out;
}

/**
 * Parses and validates the config: the defaults file, optionally overlaid by a user file whose
 * keys replace the defaults' (mappings merge key by key, lists are replaced whole). Any problem
 * throws an {@link InputError} naming the file, the line, the key path, what was expected and what was found.
 */
export function parseConfig(defaults: ConfigText, override?: ConfigText): Config {
  const base = parseYaml(defaults);
  const user = override ? parseYaml(override) : undefined;
  if (user && (user.value === null || typeof user.value !== "object" || Array.isArray(user.value))) {
    throw new InputError({ file: user.file, line: 1 }, "a YAML mapping of config keys", Array.isArray(user.value) ? "a list" : String(user.value));
  }
  const merged = user ? mergeConfigValues(base.value, user.value) : base.value;
  try {
    return validateConfig(merged);
  } catch (err) {
    if (!(err instanceof SchemaViolation)) throw err;
    // The value (or unknown key) came from the user file if it is present there; otherwise from the defaults.
    const owner = user && hasPath(user.value, err.path) ? user : base;
    const line = lineOf(owner, err.path, err.atKey);
    throw new InputError({ file: owner.file, ...(line === undefined ? {} : { line }), key: formatPath(err.path) }, err.expected, err.got);
  }
}
