import { AppError } from "@edgeseg/protocol";
import type { ParsedDatasetJson } from "./read-json.ts";

/** Label value → name from either dataset.json form; refuses duplicate values and nnU-Net regions. */
export function labelsFromJson(parsed: ParsedDatasetJson, path: string): Map<number, string> {
  const labels = new Map<number, string>();
  const add = (value: number, name: string) => {
    const other = labels.get(value);
    if (other !== undefined) {
      throw new AppError("INPUT", `${path}: labels "${other}" and "${name}" both use value ${value}`);
    }
    labels.set(value, name);
  };
  if (parsed.format === "msd") {
    for (const [value, name] of Object.entries(parsed.json.labels)) add(Number(value), name);
  } else {
    for (const [name, value] of Object.entries(parsed.json.labels)) {
      if (Array.isArray(value)) {
        throw new AppError(
          "INPUT",
          `${path}: label "${name}" is a region (${JSON.stringify(value)}); edgeseg scores one value per organ — ` +
            "list each organ's own value instead",
        );
      }
      add(value, name);
    }
  }
  return new Map([...labels].sort((a, b) => a[0] - b[0]));
}
