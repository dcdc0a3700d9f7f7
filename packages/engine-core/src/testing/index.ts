import { fileURLToPath } from "node:url";
import type { RuntimeOptions } from "../runtime/index.ts";

/** The engine's small fixture models (threshold-seg, box-prompt, …), each a folder with its manifest. */
export const fixtureModels = fileURLToPath(new URL("../../../bench/fixtures/models/", import.meta.url));

/** One intra-op thread on the CPU with every optimisation on: what the engine's tests run models with. */
export const ONE_THREAD_CPU: RuntimeOptions = {
  intraOpThreads: 1,
  graphOptimizationLevel: "all",
  executionProviders: ["cpu"],
  memoryArena: true,
  memoryPattern: true,
};
