export * from "./aliases.js";
export * from "./auditLog.js";
export type { JsonObject } from "./json.js";
export * from "./layout.js";
export * from "./lock.js";
export * from "./record.js";
export * from "./refs.js";
export * from "./versions.js";
