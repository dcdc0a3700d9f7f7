import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const config: NextConfig = {
  // The @edgeseg packages export TypeScript source (no build step), so Next compiles them.
  transpilePackages: [
    "@edgeseg/db",
    "@edgeseg/protocol",
    "@edgeseg/scoring",
    // Model upload and campaigns: the registry, and the engine's manifest and graph checks.
    "@edgeseg/registry",
    "@edgeseg/bench",
  ],
  // Native addons and packages that load their own binaries/WASM at run time stay in node_modules.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "onnxruntime-node",
    "onnxruntime-web",
    "systeminformation",
  ],
  turbopack: {
    // The workspace root, where npm hoists node_modules and the @edgeseg packages live.
    root: resolve(here, "../.."),
    // The dashboard runs only the engine's manifest and runtime modules, and no suite loading: see
    // lib/ranking/bench-server.ts and lib/ranking/suites-unavailable.ts for why.
    resolveAlias: {
      "@edgeseg/bench": "./lib/ranking/bench-server.ts",
      "@edgeseg/suites": "./lib/ranking/suites-unavailable.ts",
    },
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
