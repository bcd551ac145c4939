export * from "./featureRows.js";
export * from "./partitions.js";
export * from "./pointInTime.js";
export * from "./schema.js";
export * from "./staleness.js";
