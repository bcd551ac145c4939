export * from "./columnBuilder.js";
export * from "./csv.js";
export * from "./errors.js";
export * from "./gather.js";
export * from "./rng.js";
