#!/usr/bin/env node
// The hub ships as TypeScript source; tsx compiles it on load (esbuild, no build step).
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
