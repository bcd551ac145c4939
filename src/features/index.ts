export * from "./build.js";
export * from "./frame.js";
export * from "./leaky.js";
export * from "./preprocess.js";
