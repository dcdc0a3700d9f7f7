import type { InferenceQuery, Runtime, RuntimeOptions, Session } from "@edgeseg/engine-core";
import { elapsedMs, now } from "./clock.ts";

/**
 * Model-load time, reported apart from inference as onnxruntime_perf_test does ("Session creation
 * time cost"). It includes any failed attempts at requested execution providers: the user waits for
 * those too.
 */
export async function measureSessionCreate(
  runtime: Runtime,
  modelPath: string,
  options: RuntimeOptions,
): Promise<{ session: Session; ms: number }> {
  const start = now();
  const session = await runtime.createSession(modelPath, options);
  return { session, ms: elapsedMs(start) };
}

/** The first run pays for lazy initialisation (allocations, kernel selection): reported on its own. */
export async function measureFirstInference(query: InferenceQuery): Promise<number> {
  const start = now();
  await query();
  return elapsedMs(start);
}
