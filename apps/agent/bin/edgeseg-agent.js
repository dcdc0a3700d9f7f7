#!/usr/bin/env node
// The agent ships as TypeScript source; tsx compiles it on load (esbuild, no build step on the device).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
