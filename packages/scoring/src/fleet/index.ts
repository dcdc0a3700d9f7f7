export * from "./class-figure.ts";
export * from "./consistency.ts";
export * from "./device-figure.ts";
export * from "./fleet-summary.ts";
export { median, quantile } from "./stats.ts";
