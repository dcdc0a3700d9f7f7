export * from "./ca-fingerprint.ts";
export * from "./canonical-json.ts";
export * from "./keys.ts";
export * from "./result-signature.ts";
