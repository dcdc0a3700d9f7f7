import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { labelData } from "../nifti/labels.ts";
import { readNifti } from "../nifti/read.ts";
import { canonicalOrgan } from "./canonical.ts";
import { loadDataset } from "./load.ts";
import { buildLabelMapping, datasetToModel, modelToDataset } from "./mapping.ts";
import { remapLabels } from "./remap.ts";

describe("canonicalOrgan", () => {
  const cases: [string, string][] = [
    ["left kidney", "kidney_left"],
    ["kidney_left", "kidney_left"],
    ["Kidney (L)", "kidney_left"],
    ["Kidney-Right", "kidney_right"],
    ["R kidney", "kidney_right"],
    ["Right Adrenal Gland", "adrenal_gland_right"],
    ["adrenal_gland_left", "adrenal_gland_left"],
    ["inferior vena cava", "inferior_vena_cava"],
    ["IVC", "inferior_vena_cava"],
    ["postcava", "inferior_vena_cava"],
    ["Gall Bladder", "gallbladder"],
    ["oesophagus", "esophagus"],
    ["bladder", "urinary_bladder"],
    ["Portal Vein & Splenic Vein", "portal_vein_and_splenic_vein"],
    ["lung upper lobe left", "lung_upper_lobe_left"],
    ["Liver", "liver"],
    ["BG", "background"],
    ["l", "l"],
  ];
  for (const [name, organ] of cases) it(`${name} → ${organ}`, () => expect(canonicalOrgan(name)).toBe(organ));
});

describe("buildLabelMapping", () => {
  const dataset = new Map([
    [0, "background"],
    [1, "spleen"],
    [2, "left kidney"],
    [6, "liver"],
  ]);
  const model = new Map([
    [0, "background"],
    [1, "liver"],
    [2, "kidney_left"],
    [3, "pancreas"],
  ]);

  it("pairs a dataset's liver = 6 with a model's liver = 1 and lists what cannot be scored", () => {
    const mapping = buildLabelMapping(dataset, model);
    expect(mapping).toEqual({
      organs: [
        { organ: "kidney_left", datasetValue: 2, modelValue: 2 },
        { organ: "liver", datasetValue: 6, modelValue: 1 },
      ],
      missingInDataset: ["pancreas"],
      missingInModel: ["spleen"],
    });
    expect(datasetToModel(mapping)).toEqual(
      new Map([
        [2, 2],
        [6, 1],
      ]),
    );
    expect(modelToDataset(mapping)).toEqual(
      new Map([
        [2, 2],
        [1, 6],
      ]),
    );
  });

  it("a prediction in the model's values matches the fixture's ground truth after remapping", async () => {
    const ds = await loadDataset(join(import.meta.dirname, "../../fixtures/datasets/msd"));
    const truth = labelData(await readNifti(ds.cases[0]!.labelPath));
    const mapping = buildLabelMapping(ds.labels, model);
    // A perfect model answers in its own values: liver 1, kidney_left 2, and has no spleen.
    const modelValues = new Map([
      [6, 1],
      [2, 2],
    ]);
    const prediction = remapLabels(truth, modelValues);
    expect(prediction.filter((v) => v === 6).length).toBe(0);
    expect(prediction.filter((v) => v === 1).length).toBe(truth.filter((v) => v === 6).length);
    // Scoring liver compares truth == 6 with prediction == 1, voxel for voxel.
    const liver = mapping.organs.find((o) => o.organ === "liver")!;
    const inTruth = Array.from(truth, (v) => Number(v === liver.datasetValue));
    const inPrediction = Array.from(prediction, (v) => Number(v === liver.modelValue));
    expect(inPrediction).toEqual(inTruth);
    expect(inTruth.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    // Remapping the ground truth into model values instead gives the prediction back exactly.
    expect(remapLabels(truth, datasetToModel(mapping))).toEqual(prediction);
  });

  it("refuses two labels that mean the same organ", () => {
    const twice = new Map([
      [1, "left kidney"],
      [4, "Kidney (L)"],
    ]);
    expect(() => buildLabelMapping(twice, model)).toThrow(AppError);
    expect(() => buildLabelMapping(twice, model)).toThrow(
      /dataset labels 1 \("left kidney"\) and 4 \("Kidney \(L\)"\) both mean organ kidney_left/,
    );
  });
});

describe("remapLabels", () => {
  it("maps listed values, zeroes the rest, for Uint8, Uint16 and plain arrays", () => {
    const fromTo = new Map([
      [6, 1],
      [300, 2],
    ]);
    expect(Array.from(remapLabels(new Uint8Array([0, 6, 7, 6]), fromTo))).toEqual([0, 1, 0, 1]);
    expect(Array.from(remapLabels(new Uint16Array([300, 6, 65535]), fromTo))).toEqual([2, 1, 0]);
    expect(Array.from(remapLabels([300, 5, 6], fromTo))).toEqual([2, 0, 1]);
  });

  it("refuses targets outside 0..255", () => {
    expect(() => remapLabels(new Uint8Array(1), new Map([[1, 256]]))).toThrow(/label 1 maps to 256/);
  });
});
