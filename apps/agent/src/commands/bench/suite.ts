import { defaultScenario } from "@edgeseg/bench";
import type { ResultDocument } from "@edgeseg/protocol";
import { suiteScenario } from "@edgeseg/suites";
import { defaultCacheDir } from "../../suite/cache-dir.ts";
import { prepareSuite } from "../../suite/prepare.ts";
import type { BenchOptions } from "./options.ts";
import { offlineOverride, repeatOverrides, scenarioOverrides } from "./options.ts";
import { createProgress } from "./progress.ts";
import { runOne } from "./run-one.ts";

/** `bench --suite`: every model of the suite on the suite's dataset, with the suite's pinned settings. */
export async function runSuite(opts: BenchOptions): Promise<ResultDocument[]> {
  const progress = createProgress("preparing dataset");
  const prepared = await (async () => {
    try {
      return await prepareSuite(opts.suite!, defaultCacheDir(), (done, total) =>
        progress.update({
          type: "progress",
          phase: "load",
          done,
          total,
          message: "generating phantom cases",
        }),
      );
    } finally {
      progress.stop();
    }
  })();
  const { suite, sha256 } = prepared.loaded;
  const pinned = suiteScenario(suite);
  const scenario = {
    ...pinned,
    ...scenarioOverrides(opts, pinned.singleStream),
    ...offlineOverride(opts, pinned.offline),
    ...repeatOverrides(opts, pinned.repeats, defaultScenario.repeats),
    maxCases: opts.maxCases ?? null,
  };
  const docs: ResultDocument[] = [];
  for (const model of prepared.models) {
    docs.push(
      await runOne(opts, {
        manifestPath: model.manifestPath,
        datasetDir: prepared.datasetDir,
        datasetSha256: prepared.datasetSha256,
        suite: { id: suite.id, version: suite.version, sha256 },
        scenario,
      }),
    );
  }
  return docs;
}
