export * from "./columnBuilder.js";
export * from "./csv.js";
export * from "./errors.js";
export * from "./gather.js";
export * from "./rng.js";
export * from "./workerPool.js";
export * from "./streams.js";
export * from "./format.js";
