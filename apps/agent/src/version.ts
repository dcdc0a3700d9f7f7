import { createRequire } from "node:module";

const pkg = () => createRequire(import.meta.url)("../package.json") as { version: string };

// The release bundle (scripts/build-agent.ts) defines the version at build time: no package.json beside it.
export const AGENT_VERSION: string = process.env.EDGESEG_AGENT_BUNDLED_VERSION ?? pkg().version;
