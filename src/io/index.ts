export * from "./atomic.js";
export * from "./loadSource.js";
export * from "./paths.js";
export * from "./readConfig.js";
export * from "./readTelco.js";
