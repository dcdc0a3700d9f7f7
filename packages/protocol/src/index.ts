export * from "./errors.ts";
export * from "./fatal.ts";
export * from "./http/enroll.ts";
export * from "./limits.ts";
export * from "./mqtt/index.ts";
export * from "./result.ts";
