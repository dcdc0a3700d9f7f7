import { defaultScenario } from "@edgeseg/bench";
import { describe, expect, it } from "vitest";
import { parseOptions } from "../../cli/options.ts";
import { benchOptionsSchema, offlineOverride } from "./options.ts";

const base = {
  backend: "auto",
  memoryArena: true,
  memoryPattern: true,
  timeout: "3600",
  model: "m",
  dataset: "d",
};

describe("--offline-queries", () => {
  it("replaces the Offline image count and keeps the batch size; absent, the base stands", () => {
    const opts = parseOptions(benchOptionsSchema, { ...base, offlineQueries: "8" });
    expect(offlineOverride(opts, defaultScenario.offline)).toEqual({
      offline: { batchSize: 4, minQueries: 8, maxDurationMs: 30_000 },
    });
    expect(offlineOverride(parseOptions(benchOptionsSchema, base), defaultScenario.offline)).toEqual({});
  });

  it("refuses a count that is not a positive whole number, naming the flag", () => {
    expect(() => parseOptions(benchOptionsSchema, { ...base, offlineQueries: "0" })).toThrow(
      /--offline-queries/,
    );
    expect(() => parseOptions(benchOptionsSchema, { ...base, offlineQueries: "2.5" })).toThrow(
      /--offline-queries must be a whole number/,
    );
  });
});

describe("--offline-images and --offline-max-ms", () => {
  it("set the image count and the time cap, each alone replacing one part of the base", () => {
    const images = parseOptions(benchOptionsSchema, { ...base, offlineImages: "16" });
    expect(offlineOverride(images, defaultScenario.offline)).toEqual({
      offline: { batchSize: 4, minQueries: 16, maxDurationMs: 30_000 },
    });
    const cap = parseOptions(benchOptionsSchema, { ...base, offlineMaxMs: "5000" });
    // A suite's pinned Offline without a cap gets the one the flag gives.
    expect(offlineOverride(cap, { batchSize: 8, minQueries: 32 })).toEqual({
      offline: { batchSize: 8, minQueries: 32, maxDurationMs: 5000 },
    });
    expect(offlineOverride(parseOptions(benchOptionsSchema, base), { batchSize: 8, minQueries: 32 })).toEqual(
      {},
    );
  });

  it("refuses both names at once and a cap that is not whole milliseconds", () => {
    expect(() =>
      parseOptions(benchOptionsSchema, { ...base, offlineImages: "8", offlineQueries: "8" }),
    ).toThrow(/--offline-images: give --offline-images or its older name --offline-queries, not both/);
    expect(() => parseOptions(benchOptionsSchema, { ...base, offlineMaxMs: "-1" })).toThrow(
      /--offline-max-ms must be 0 or more/,
    );
    expect(() => parseOptions(benchOptionsSchema, { ...base, offlineMaxMs: "1.5" })).toThrow(
      /--offline-max-ms must be a whole number/,
    );
  });
});
