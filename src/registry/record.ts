import { obj } from "../config/schema.js";
import { sha256Hex } from "../io/safeTarget.js";
import { InputError } from "../util/errors.js";
import { checkJson, constant, isoTime, jsonObject, mapOf, matching, parseJsonText, versionNumber, type JsonObject } from "./json.js";
import { PAYLOAD_NAME_PATTERN, VERSION_FILE } from "./layout.js";

/** The format number of {@link VERSION_FILE}; a reader refuses any other. */
export const VERSION_FORMAT = 1;

/**
 * The content of a version's {@link VERSION_FILE}: the format, the version number (equal to its
 * folder's), when it was registered, the SHA-256 (hex) of every payload file by name, and the
 * caller's metadata (lineage and metrics), stored as given.
 */
export interface VersionRecord {
  readonly format: typeof VERSION_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  readonly files: Readonly<Record<string, string>>;
  readonly metadata: JsonObject;
}

const PAYLOAD_NAME_EXPECTED = `a payload file name (${PAYLOAD_NAME_PATTERN.source}, not ${VERSION_FILE})`;

const RECORD_SPEC = obj({
  format: constant(VERSION_FORMAT),
  version: versionNumber(),
  createdAt: isoTime(),
  files: mapOf(PAYLOAD_NAME_PATTERN, PAYLOAD_NAME_EXPECTED, matching(/^[0-9a-f]{64}$/, "a SHA-256 (64 lowercase hex digits)")),
  metadata: jsonObject(),
});

/** A payload file name is plain ({@link PAYLOAD_NAME_PATTERN}) and is not the record's own name. */
export function isPayloadName(name: string): boolean {
  return PAYLOAD_NAME_PATTERN.test(name) && name !== VERSION_FILE;
}

/**
 * Parses and checks the text of `file`, the {@link VERSION_FILE} of the folder of version
 * `folderVersion`: valid JSON, exactly the keys of {@link VersionRecord} with valid values, and the
 * same version number as the folder. Throws an {@link InputError} naming the file, the line of a
 * syntax error or the key, what was expected and what was found.
 */
export function parseVersionRecord(text: string, file: string, folderVersion: number): VersionRecord {
  const record = checkJson(RECORD_SPEC, parseJsonText(text, file), file);
  if (record.files[VERSION_FILE] !== undefined) throw new InputError({ file, key: `files.${VERSION_FILE}` }, PAYLOAD_NAME_EXPECTED, `the key "${VERSION_FILE}"`);
  if (record.version !== folderVersion) throw new InputError({ file, key: "version" }, `${folderVersion}, the number of its folder`, `number ${record.version}`);
  return record as VersionRecord;
}

/** The text of a {@link VERSION_FILE}: the record as indented JSON with its keys in a fixed order and payload names sorted, one trailing newline. */
export function versionRecordText(record: VersionRecord): string {
  const files: Record<string, string> = {};
  for (const name of Object.keys(record.files).sort()) files[name] = record.files[name]!;
  const ordered: VersionRecord = { format: record.format, version: record.version, createdAt: record.createdAt, files, metadata: record.metadata };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}

/**
 * The payload digest of a version: the SHA-256 of the lines `<sha256>  <name>\n` of its files,
 * sorted by name (what `sha256sum` prints, in `LC_ALL=C` order). It depends on the payload bytes
 * and names only, not on the number, time or metadata, so two registrations of the same files
 * share it. Reproduce it with
 * `cd versions/000001 && ls | LC_ALL=C sort | grep -vx version.json | xargs sha256sum | sha256sum`.
 */
export function payloadDigest(files: Readonly<Record<string, string>>): string {
  const names = Object.keys(files).sort();
  return sha256Hex(names.map((name) => `${files[name]}  ${name}\n`).join(""));
}
