import { describe, expect, it } from "vitest";
import { fineTuningSchema } from "./schema.ts";

describe("manifest fineTuning", () => {
  it("needs trainableFrom and loss when supported is true", () => {
    const issues = fineTuningSchema.safeParse({ supported: true }).error?.issues ?? [];
    expect(issues.map((i) => i.path.join("."))).toEqual(["trainableFrom", "loss"]);
    expect(issues[1]?.message).toContain('"softmax-cross-entropy" or "sigmoid-bce-dice"');
  });

  it("accepts a claim without a cut when fine-tuning is not supported, and a full declaration", () => {
    expect(fineTuningSchema.parse({ supported: false })).toEqual({ supported: false, notes: "" });
    const full = {
      supported: true,
      notes: "",
      trainableFrom: ["/Concat_1_output_0"],
      loss: "sigmoid-bce-dice",
    };
    expect(fineTuningSchema.parse(full)).toEqual(full);
  });

  it("refuses an unknown loss and an empty cut", () => {
    expect(fineTuningSchema.safeParse({ supported: true, trainableFrom: [], loss: "mse" }).success).toBe(
      false,
    );
  });
});
