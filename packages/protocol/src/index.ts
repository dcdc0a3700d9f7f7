export * from "./errors.ts";
export * from "./mqtt/index.ts";
export * from "./result.ts";
export * from "./http/enroll.ts";
