export * from "./config.js";
export * from "./parse.js";
export * from "./schema.js";
