import { campaignInputSchema } from "@edgeseg/registry";
import { describe, expect, it } from "vitest";
import { campaignFromForm } from "./campaign-form.ts";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
}

describe("campaignFromForm", () => {
  it("reads lists from multi-selects and text fields, and only the overrides typed in", () => {
    const input = campaignFromForm(
      form({
        name: "  Pi sweep ",
        suite: "standard-v1@1",
        models: ["unet@1.0.0", "sam"],
        classes: ["raspberry-pi-4"],
        tagsText: "clinic-a, clinic-b clinic-a",
        devices: ["dev-1"],
        minDurationS: "2.5",
        minQueries: "",
        maxCases: "3",
        timeoutMin: "",
      }),
      "user-1",
    );
    expect(input).toEqual({
      name: "Pi sweep",
      suiteId: "standard-v1@1",
      modelIds: ["unet@1.0.0", "sam"],
      target: { deviceClassIds: ["raspberry-pi-4"], tags: ["clinic-a", "clinic-b"], deviceIds: ["dev-1"] },
      scenarioOverrides: { singleStream: { minDurationMs: 2500 }, maxCases: 3 },
      createdBy: "user-1",
    });
    expect(campaignInputSchema.safeParse(input).success).toBe(true);
  });

  it("leaves out empty targets and overrides, so the registry's validation names what is missing", () => {
    const input = campaignFromForm(form({ name: "x", suite: "s", models: [] }), "u");
    expect(input).toEqual({ name: "x", suiteId: "s", modelIds: [], target: {}, createdBy: "u" });
    const issues = campaignInputSchema.safeParse(input).error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(issues).toEqual(expect.arrayContaining(["modelIds", "target"]));
  });

  it("turns a non-number into NaN for the schema to refuse, and minutes into a timeout", () => {
    const input = campaignFromForm(
      form({ name: "x", suite: "s", models: "m", classes: "c", minQueries: "ten", timeoutMin: "90" }),
      "u",
    );
    expect(input.timeoutMs).toBe(5_400_000);
    expect(campaignInputSchema.safeParse(input).success).toBe(false);
  });
});
