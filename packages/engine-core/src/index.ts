export * from "./device-profile/index.ts";
export { profileJsonSchema, writeProfileJsonSchema } from "./device-profile/json-schema.ts";
export * from "./manifest/index.ts";
export { mulberry32 } from "./prng.ts";
export * from "./runtime/index.ts";
export * from "./skeleton/index.ts";
