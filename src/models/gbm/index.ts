export * from "./gradientBoosting.js";
export * from "./tree.js";
export * from "./treeShap.js";
export * from "./xgboost.js";
