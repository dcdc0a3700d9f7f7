import { loadEnv } from "./lib/env.ts";

// A bad or missing setting stops `next start` at once with a message naming the variable, instead of
// failing on the first request. `next build` needs no settings, so it is skipped there.
if (process.env.NEXT_PHASE !== "phase-production-build") {
  try {
    loadEnv();
  } catch (error) {
    console.error(`edgeseg-dashboard: ${(error as Error).message}`);
    process.exit(2);
  }
}
