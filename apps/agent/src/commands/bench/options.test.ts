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
      offline: { batchSize: 4, minQueries: 8 },
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
