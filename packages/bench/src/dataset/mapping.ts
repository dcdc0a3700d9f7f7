import { AppError } from "@edgeseg/protocol";
import { canonicalOrgan } from "./canonical.ts";

export interface OrganPair {
  readonly organ: string;
  readonly datasetValue: number;
  readonly modelValue: number;
}

export interface LabelMapping {
  /** Organs both sides label, sorted by dataset value. */
  readonly organs: OrganPair[];
  /** Organs the model predicts that the dataset does not label (not scored). */
  readonly missingInDataset: string[];
  /** Organs the dataset labels that the model does not predict (not scored). */
  readonly missingInModel: string[];
}

/** Canonical organ → value, background (value 0 or named so) left out. */
function byOrgan(labels: Map<number, string>, side: string): Map<string, number> {
  const out = new Map<string, number>();
  const names = new Map<string, string>();
  for (const [value, name] of [...labels].sort((a, b) => a[0] - b[0])) {
    const organ = canonicalOrgan(name);
    if (value === 0 || organ === "background") continue;
    const prior = out.get(organ);
    if (prior !== undefined) {
      throw new AppError(
        "INPUT",
        `${side} labels ${prior} ("${names.get(organ)}") and ${value} ("${name}") both mean organ ${organ}`,
      );
    }
    out.set(organ, value);
    names.set(organ, name);
  }
  return out;
}

/**
 * Pairs dataset and model label values by canonical organ name, so a dataset with liver = 6 is scored
 * against a model whose liver is 1.
 */
export function buildLabelMapping(
  datasetLabels: Map<number, string>,
  modelLabels: Map<number, string>,
): LabelMapping {
  const dataset = byOrgan(datasetLabels, "dataset");
  const model = byOrgan(modelLabels, "model");
  const organs: OrganPair[] = [];
  for (const [organ, datasetValue] of dataset) {
    const modelValue = model.get(organ);
    if (modelValue !== undefined) organs.push({ organ, datasetValue, modelValue });
  }
  return {
    organs,
    missingInDataset: [...model.keys()].filter((o) => !dataset.has(o)).sort(),
    missingInModel: [...dataset.keys()].filter((o) => !model.has(o)).sort(),
  };
}

/** datasetValue → modelValue for the shared organs: remaps ground truth into the model's values. */
export function datasetToModel(mapping: LabelMapping): Map<number, number> {
  return new Map(mapping.organs.map((o) => [o.datasetValue, o.modelValue]));
}

/** modelValue → datasetValue for the shared organs: remaps a prediction into the dataset's values. */
export function modelToDataset(mapping: LabelMapping): Map<number, number> {
  return new Map(mapping.organs.map((o) => [o.modelValue, o.datasetValue]));
}
