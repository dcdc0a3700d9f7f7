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
    // Model upload and campaigns: the registry, and the engine core's manifest, runtime and skeleton
    // code. The benchmark engine itself (@edgeseg/bench) and the suites never enter the bundle.
    "@edgeseg/registry",
    "@edgeseg/engine-core",
  ],
  // Native addons and packages that load their own binaries/WASM at run time stay in node_modules.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "onnxruntime-node",
    "onnxruntime-web",
  ],
  turbopack: {
    // The workspace root, where npm hoists node_modules and the @edgeseg packages live.
    root: resolve(here, "../.."),
  },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
