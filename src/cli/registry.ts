import { fromRoot } from "../io/paths.js";
import { readConfig } from "../io/readConfig.js";
import {
  aliasAt,
  aliasHistory,
  assertAliasName,
  assertReason,
  listAliases,
  listVersions,
  loadVersionNumber,
  promote,
  resolveVersionRef,
  rollback,
  type AuditEntry,
  type JsonObject,
} from "../registry/index.js";
import { InputError } from "../util/errors.js";
import { formatCount, formatFixed } from "../util/format.js";
import { parseFlags } from "./args.js";
import { runCli } from "./run.js";

const COMMON = "[--dir DIR] [--config FILE] [--json]";
const USAGES = {
  list: `npm run registry -- list ${COMMON}`,
  show: `npm run registry -- show <version|alias> ${COMMON}`,
  promote: `npm run registry -- promote <version|alias> --alias NAME --reason TEXT ${COMMON}`,
  rollback: `npm run registry -- rollback --alias NAME [--reason TEXT] ${COMMON}`,
  history: `npm run registry -- history --alias NAME [--at TIME] ${COMMON}`,
} as const;
type Command = keyof typeof USAGES;
const USAGE = `npm run registry -- <${Object.keys(USAGES).join(" | ")}> … (--help for details)`;
const HELP = `${Object.values(USAGES).join("\n")}
Lists, shows and verifies the versions of the model registry (registry.dir, default models/) and moves its aliases.
Every alias move is appended to <dir>/audit.jsonl; "history --at" replays it to tell which version an alias named then.
`;

const FLAGS = {
  dir: { type: "string" },
  config: { type: "string" },
  json: { type: "boolean" },
  alias: { type: "string" },
  reason: { type: "string" },
  at: { type: "string" },
} as const;

/** The flags each subcommand accepts besides --dir, --config and --json. */
const EXTRA: Record<Command, readonly (keyof typeof FLAGS)[]> = { list: [], show: [], promote: ["alias", "reason"], rollback: ["alias", "reason"], history: ["alias", "at"] };
const POSITIONAL: Record<Command, boolean> = { list: false, show: true, promote: true, rollback: false, history: false };

const CLI = { file: "command line" } as const;

function isCommand(word: string): word is Command {
  return Object.hasOwn(USAGES, word);
}

/** Parses `--at`: an ISO 8601 date (midnight UTC) or time with an explicit zone. */
function parseAtFlag(value: string): Date {
  const ok = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value));
  if (!ok) throw new InputError({ ...CLI, key: "--at" }, "an ISO 8601 date such as 2026-11-01 or time with a zone such as 2026-11-01T00:00:00Z", JSON.stringify(value));
  return new Date(value);
}

function requiredFlag(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined) throw new InputError({ ...CLI, key: flag }, `${flag} as in: ${usage}`, "none");
  return value;
}

function aliasFlag(value: string | undefined, usage: string): string {
  const alias = requiredFlag(value, "--alias", usage);
  assertAliasName(alias, { ...CLI, key: "--alias" });
  return alias;
}

/** Left-aligned text columns (numbers right-aligned), two spaces apart. */
function textTable(header: readonly string[], rows: readonly (readonly string[])[], right: ReadonlySet<number>): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: readonly string[]): string => cells.map((cell, c) => (right.has(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join("  ").trimEnd();
  return [line(header), ...rows.map(line)];
}

/** A metadata field for the list: `model` as text, `metrics.rocAuc` with four decimals, `trainingWindow` as `from..to` when it is an object of two ends (`firstMonth`/`lastMonth`, as the report records it, or `from`/`to`, `start`/`end`). */
function metadataCells(metadata: JsonObject): string[] {
  const model = metadata.model;
  const metrics = metadata.metrics;
  const rocAuc = metrics !== null && typeof metrics === "object" && !Array.isArray(metrics) ? metrics.rocAuc : undefined;
  const window = metadata.trainingWindow;
  let windowText = "-";
  if (typeof window === "string" || typeof window === "number") windowText = String(window);
  else if (window !== null && typeof window === "object" && !Array.isArray(window)) {
    const from = window.firstMonth ?? window.from ?? window.start;
    const to = window.lastMonth ?? window.to ?? window.end;
    windowText = from !== undefined && to !== undefined ? `${String(from)}..${String(to)}` : JSON.stringify(window);
  }
  return [typeof model === "string" || typeof model === "number" ? String(model) : "-", typeof rocAuc === "number" ? formatFixed(rocAuc, 4) : "-", windowText.length > 40 ? `${windowText.slice(0, 37)}...` : windowText];
}

function aliasesByVersion(aliases: ReadonlyMap<string, number>): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const [alias, v] of aliases) out.set(v, [...(out.get(v) ?? []), alias]);
  return out;
}

function versionText(v: number | null): string {
  return v === null ? "none" : `version ${v}`;
}

function moveText(e: AuditEntry): string {
  return `${e.alias}: ${versionText(e.from)} → ${versionText(e.to)} (${e.action} at ${e.at}; reason ${JSON.stringify(e.reason)})`;
}

function list(dir: string, json: boolean): string {
  const versions = listVersions(dir);
  const aliases = listAliases(dir);
  const byVersion = aliasesByVersion(aliases);
  if (json) {
    const rows = versions.map((v) => ({ version: v.version, createdAt: v.createdAt, sha256: v.sha256, aliases: byVersion.get(v.version) ?? [], files: v.files, metadata: v.metadata }));
    return JSON.stringify({ dir, versions: rows, aliases: Object.fromEntries(aliases) }, null, 2);
  }
  if (versions.length === 0) return `Registry ${dir}: no versions registered yet`;
  const header = ["version", "created", "aliases", "model", "rocAuc", "trainingWindow"];
  const rows = versions.map((v) => [String(v.version), v.createdAt, (byVersion.get(v.version) ?? []).join(", ") || "-", ...metadataCells(v.metadata)]);
  const n = versions.length;
  return [`Registry ${dir}: ${n} version${n === 1 ? "" : "s"}, ${aliases.size} alias${aliases.size === 1 ? "" : "es"}`, ...textTable(header, rows, new Set([0, 4]))].join("\n");
}

function show(dir: string, ref: string, json: boolean): string {
  const version = resolveVersionRef(dir, ref, { ...CLI, key: "show" });
  const v = loadVersionNumber(dir, version);
  const aliases = aliasesByVersion(listAliases(dir)).get(version) ?? [];
  const files = Object.fromEntries(Object.keys(v.files).map((name) => [name, { sha256: v.hashes[name]!, bytes: v.files[name]!.length }]));
  if (json) return JSON.stringify({ version, createdAt: v.createdAt, path: v.path, sha256: v.sha256, aliases, files, metadata: v.metadata }, null, 2);
  const out = [`Version ${version}, created ${v.createdAt}; aliases: ${aliases.join(", ") || "none"}`, `Folder: ${v.path}`, `Payload SHA-256: ${v.sha256}`, "Files (SHA-256 verified):"];
  const rows = Object.entries(files).map(([name, f]) => [name, `${formatCount(f.bytes)} bytes`, f.sha256]);
  out.push(...textTable(["name", "size", "sha256"], rows, new Set([1])).map((l) => `  ${l}`));
  out.push("Metadata:", JSON.stringify(v.metadata, null, 2));
  return out.join("\n");
}

function history(dir: string, alias: string, at: Date | undefined, json: boolean): string {
  const moves = aliasHistory(dir, alias);
  if (at !== undefined) {
    const version = aliasAt(dir, alias, at);
    if (json) return JSON.stringify({ alias, at: at.toISOString(), version }, null, 2);
    return `${alias} at ${at.toISOString()}: ${versionText(version)}`;
  }
  if (json) return JSON.stringify({ alias, moves }, null, 2);
  const rows = moves.map((m) => [String(m.line), m.at, m.action, versionText(m.from), versionText(m.to), JSON.stringify(m.reason)]);
  const now = moves[moves.length - 1]!.to;
  return [`${alias}: ${moves.length} move${moves.length === 1 ? "" : "s"}, names ${versionText(now)} now`, ...textTable(["line", "at", "action", "from", "to", "reason"], rows, new Set([0]))].join("\n");
}

function main(argv: string[]): void {
  const [word, ...rest] = argv;
  if (word === undefined || word === "--help" || word === "-h") {
    if (word === undefined) throw new InputError(CLI, `a subcommand as in: ${USAGE}`, "none");
    process.stdout.write(HELP);
    return;
  }
  if (!isCommand(word)) throw new InputError(CLI, `a subcommand as in: ${USAGE}`, JSON.stringify(word));
  const usage = USAGES[word];
  let positional: string | undefined;
  if (POSITIONAL[word]) {
    positional = rest.shift();
    if (positional === undefined || positional.startsWith("--")) throw new InputError(CLI, `a version or alias after "${word}" as in: ${usage}`, positional === undefined ? "none" : JSON.stringify(positional));
  }
  const options = Object.fromEntries(["dir", "config", "json", ...EXTRA[word]].map((k) => [k, FLAGS[k as keyof typeof FLAGS]]));
  const flags = parseFlags(rest, options, usage) as { dir?: string; config?: string; json?: boolean; alias?: string; reason?: string; at?: string };
  const config = readConfig(flags.config);
  const dir = fromRoot(flags.dir ?? config.registry.dir);
  const json = Boolean(flags.json);
  let out: string;
  switch (word) {
    case "list":
      out = list(dir, json);
      break;
    case "show":
      out = show(dir, positional!, json);
      break;
    case "promote": {
      const version = resolveVersionRef(dir, positional!, { ...CLI, key: "promote" });
      const alias = aliasFlag(flags.alias, usage);
      const reason = requiredFlag(flags.reason, "--reason", usage);
      assertReason(reason, { ...CLI, key: "--reason" });
      const entry = promote(dir, version, alias, reason);
      out = json ? JSON.stringify(entry, null, 2) : moveText(entry);
      break;
    }
    case "rollback": {
      const alias = aliasFlag(flags.alias, usage);
      if (flags.reason !== undefined) assertReason(flags.reason, { ...CLI, key: "--reason" });
      const entry = rollback(dir, alias, flags.reason);
      out = json ? JSON.stringify(entry, null, 2) : moveText(entry);
      break;
    }
    case "history":
      out = history(dir, aliasFlag(flags.alias, usage), flags.at === undefined ? undefined : parseAtFlag(flags.at), json);
      break;
  }
  process.stdout.write(`${out}\n`);
}

runCli("registry", main);
