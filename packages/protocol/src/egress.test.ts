import { describe, expect, it } from "vitest";
import { egressSchema } from "./egress.ts";

const audit = {
  bytesOut: 1500,
  messages: 7,
  largestMessageBytes: 900,
  mqtt: { messages: 6, bytes: 1260 },
  http: { messages: 1, bytes: 240 },
  window: { from: "2026-12-03T09:00:00.000Z", to: "2026-12-03T09:00:05.000Z" },
  idle: { messages: 3, bytes: 420, seconds: 31.5 },
};

describe("egressSchema", () => {
  it("accepts an audit whose totals are the sums of its transports", () => {
    expect(egressSchema.parse(audit)).toEqual(audit);
  });

  it("refuses totals that are not the sums, a largest message above the total, and unknown keys", () => {
    const issues = (v: unknown) => egressSchema.safeParse(v).error?.issues.map((i) => i.path.join("."));
    expect(issues({ ...audit, bytesOut: 1499 })).toEqual(["bytesOut"]);
    expect(issues({ ...audit, messages: 8 })).toEqual(["messages"]);
    expect(issues({ ...audit, largestMessageBytes: 1501 })).toEqual(["largestMessageBytes"]);
    expect(issues({ ...audit, mqtt: { ...audit.mqtt, voxels: [1, 2] } })).toEqual(["mqtt"]);
  });
});
