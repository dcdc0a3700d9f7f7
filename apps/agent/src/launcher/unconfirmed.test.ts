import { describe, expect, it } from "vitest";
import { afterStart, MAX_UNCONFIRMED_STARTS } from "./unconfirmed.ts";

const confirming = {
  from: "edgeseg-agent-0.2.0-linux-arm64",
  to: "edgeseg-agent-0.4.0-linux-arm64",
  version: "0.4.0",
  status: "confirming",
  reason: null,
  reported: false,
  starts: 0,
};
const has = () => true;

describe("the launcher's count of a new version's starts", () => {
  it("counts each start of the version still to confirm, then switches back to the previous one", () => {
    let state: Record<string, unknown> = confirming;
    for (let n = 1; n <= MAX_UNCONFIRMED_STARTS; n++) {
      const step = afterStart(state, confirming.to, has);
      expect(step.switchTo).toBeNull();
      expect(step.state).toMatchObject({ status: "confirming", starts: n });
      state = step.state!;
    }
    const last = afterStart(state, confirming.to, has);
    expect(last.switchTo).toBe(confirming.from);
    expect(last.state).toMatchObject({
      status: "rolled-back",
      starts: 3,
      reported: false,
      reason: "it passed its trial but did not connect to the hub in 3 starts after the update",
    });
    expect(last.message).toContain("switched back to edgeseg-agent-0.2.0-linux-arm64");
  });

  it("leaves everything alone when nothing is to confirm, another version runs, or the old one is gone", () => {
    const nothing = { state: null, switchTo: null, message: null };
    expect(afterStart(null, confirming.to, has)).toEqual(nothing);
    expect(afterStart({ ...confirming, status: "done" }, confirming.to, has)).toEqual(nothing);
    expect(afterStart({ ...confirming, starts: "x" }, confirming.to, has)).toEqual(nothing);
    // Switched back by hand: the start is the old version's, not counted against the new one.
    expect(afterStart(confirming, confirming.from, has)).toEqual(nothing);
    expect(afterStart({ ...confirming, starts: 3 }, confirming.to, () => false)).toEqual(nothing);
  });
});
