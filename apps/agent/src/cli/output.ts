import { writeFile } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export async function writeJsonFile(path: string, value: unknown): Promise<void> {
  try {
    await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError("INPUT", `cannot write --json file ${path}: ${reason}; choose a writable path`);
  }
}

/** Fixed-precision number for tables; "—" where a value is missing. */
export function fmt(value: number | null | undefined, digits = 3): string {
  return value === null || value === undefined || Number.isNaN(value) ? "—" : value.toFixed(digits);
}
