export * from "./config.js";
export * from "./display.js";
export * from "./figures.js";
export * from "./headline.js";
export * from "./run.js";
export * from "./views.js";
