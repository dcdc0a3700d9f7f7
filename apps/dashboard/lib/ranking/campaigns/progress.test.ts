import { emptyJobCounts } from "@edgeseg/db";
import { describe, expect, it } from "vitest";
import { campaignProgress } from "./progress.ts";

describe("campaignProgress", () => {
  it("counts finished jobs of every final status and floors the percentage", () => {
    const jobs = {
      ...emptyJobCounts(),
      queued: 1,
      delivered: 1,
      running: 1,
      succeeded: 2,
      failed: 1,
      timed_out: 1,
    };
    expect(campaignProgress(jobs)).toEqual({ total: 7, finished: 4, onDevices: 2, queued: 1, percent: 57 });
  });

  it("is 0 % for a campaign without jobs", () => {
    expect(campaignProgress(emptyJobCounts()).percent).toBe(0);
  });
});
