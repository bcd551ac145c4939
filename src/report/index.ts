export * from "./charts.js";
export * from "./html.js";
export * from "./modelComparison.js";
export * from "./plotly.js";
export * from "./report.js";
export * from "./monitoringCharts.js";
export * from "./experimentCharts.js";
