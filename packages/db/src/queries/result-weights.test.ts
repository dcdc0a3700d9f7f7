import { describe, expect, it } from "vitest";
import { resultDocument } from "../testing/result-document.ts";
import { resultWeights } from "./result-weights.ts";

describe("resultWeights", () => {
  it("reads a skeleton's synthetic weights from the stored document, and the model's own otherwise", () => {
    const skeleton = resultDocument();
    skeleton.model.weights = "synthetic";
    skeleton.accuracy = null;
    expect(resultWeights(JSON.stringify(skeleton))).toBe("synthetic");
    expect(resultWeights(JSON.stringify(resultDocument()))).toBe("own");
  });

  it("says own for a document it cannot read (it labels, it decides nothing)", () => {
    expect(resultWeights("{not json")).toBe("own");
    expect(resultWeights("null")).toBe("own");
    expect(resultWeights('{"model":{"weights":"SYNTHETIC"}}')).toBe("own");
  });
});
