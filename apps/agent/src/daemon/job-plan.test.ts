import { loadSuite } from "@edgeseg/suites";
import { describe, expect, it } from "vitest";
import { fixtureJob } from "../testing/fixture-job.ts";
import { planJob } from "./job-plan.ts";

describe("planJob", () => {
  it("keeps the bundled suite's repeat rule under the job's scenario overrides", async () => {
    const loaded = await loadSuite("standard-v1");
    const job = {
      ...fixtureJob("dev_1", { datasetId: "phantom-abdomen-v1", datasetSha256: loaded.suite.dataset.sha256 }),
      suite: { id: loaded.suite.id, version: loaded.suite.version, sha256: loaded.sha256 },
    };
    const plan = await planJob(job, { datasets: {} });
    expect(plan).toMatchObject({ ok: true, dataset: { kind: "suite", suiteId: "standard-v1" } });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.scenario.repeats).toEqual(loaded.suite.scenarios.repeats);
    // The job's own SingleStream override still applies to every repeat.
    expect(plan.scenario.singleStream).toEqual({ minDurationMs: 0, minQueries: 5, maxDurationMs: 3000 });
  });
});
