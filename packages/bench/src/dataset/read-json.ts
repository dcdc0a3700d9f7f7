import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describeIssues } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { z } from "zod";
import { type MsdDatasetJson, msdDatasetJson, type NnunetDatasetJson, nnunetDatasetJson } from "./schema.ts";

export type ParsedDatasetJson =
  | { format: "msd"; json: MsdDatasetJson }
  | { format: "nnunetv2"; json: NnunetDatasetJson };

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const hint =
      code === "ENOENT" ? "not found — is this an MSD / nnU-Net dataset directory?" : `unreadable (${code})`;
    throw new AppError("INPUT", `${path}: ${hint}`, { cause: e });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError("INPUT", `${path}: not valid JSON (${(e as Error).message})`, { cause: e });
  }
}

function validate<T>(schema: z.ZodType<T>, value: unknown, path: string, form: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new AppError("INPUT", `${path}: not a valid ${form} dataset.json: ${describeIssues(parsed.error)}`);
  }
  return parsed.data;
}

/**
 * Reads and validates dir/dataset.json. The form is told apart by its keys: nnU-Net v2 has
 * channel_names / file_ending, the MSD form has training.
 */
export async function readDatasetJson(dir: string): Promise<ParsedDatasetJson> {
  const path = join(dir, "dataset.json");
  const value = await readJson(path);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new AppError("INPUT", `${path}: expected a JSON object`);
  }
  if ("channel_names" in value || "file_ending" in value) {
    return { format: "nnunetv2", json: validate(nnunetDatasetJson, value, path, "nnU-Net v2") };
  }
  return { format: "msd", json: validate(msdDatasetJson, value, path, "Medical Segmentation Decathlon") };
}
