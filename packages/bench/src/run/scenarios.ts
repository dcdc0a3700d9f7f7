import type { ScenarioSettings, Timing } from "@edgeseg/protocol";
import type { NiftiVolume } from "../nifti/index.ts";
import { runOffline, runRepeatedSingleStream } from "../timing/index.ts";
import type { Engine } from "./engine.ts";

/** Distinct prepared inputs cycled through by SingleStream, so one cached input does not flatter it. */
const QUERY_POOL = 16;

/**
 * LoadGen-style scenarios on one case's prepared inputs. SingleStream's timed region holds only the
 * prepared inference call; the pool index lookup around it costs nanoseconds. SingleStream repeats
 * under the scenario's repeat rule (timing/repeated-single-stream.ts); Offline runs once.
 */
export async function runScenarios(
  engine: Engine,
  image: NiftiVolume,
  groundTruth: Uint8Array,
  scenario: ScenarioSettings,
): Promise<Pick<Timing, "singleStream" | "offline" | "repeats">> {
  const queries = engine.prepareQueries(image, groundTruth, QUERY_POOL);
  let next = 0;
  const { singleStream, repeats } = await runRepeatedSingleStream(
    () => queries[next++ % queries.length]!(),
    { ...scenario.singleStream, warmupQueries: scenario.warmupQueries },
    scenario.repeats,
  );
  const batchSize = Math.min(scenario.offline.batchSize, engine.maxBatch);
  const batch = engine.prepareBatch(image, groundTruth, batchSize);
  const offline = batch
    ? await runOffline(batch, { ...scenario.offline, batchSize, warmupBatches: 1 })
    : null;
  // Without a repeat rule the field stays absent, as in documents of agents that did not repeat.
  return { singleStream, offline, ...(repeats ? { repeats } : {}) };
}
