import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { NextConfig } from "next";

const here = dirname(fileURLToPath(import.meta.url));

const config: NextConfig = {
  // The @edgeseg packages export TypeScript source (no build step), so Next compiles them.
  transpilePackages: ["@edgeseg/db", "@edgeseg/protocol", "@edgeseg/scoring"],
  // Native addon and its Prisma adapter load at run time from node_modules, never bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  // The workspace root, where npm hoists node_modules and the @edgeseg packages live.
  turbopack: { root: resolve(here, "../..") },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
