import { isMap, isNode, isScalar, LineCounter, parseDocument, type Document } from "yaml";
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

function parseYaml(source: ConfigText): ParsedYaml {
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = lines.linePos(first.pos[0]).line;
    throw new InputError({ file: source.file, line }, "valid YAML", JSON.stringify(first.message.split("\n")[0]));
  }
  return { file: source.file, doc, lines, value: doc.toJS() ?? {} };
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
