export * from "./build.js";
export * from "./frame.js";
export * from "./leaky.js";
export * from "./preprocess.js";
export * from "./design.js";
