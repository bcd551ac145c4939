export * from "./loadSource.js";
export * from "./outputDir.js";
export * from "./paths.js";
export * from "./plotlyBundle.js";
export * from "./provenance.js";
export * from "./readConfig.js";
export * from "./readTelco.js";
export * from "./safeTarget.js";
