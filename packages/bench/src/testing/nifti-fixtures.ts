import { readFileSync } from "node:fs";
import { join } from "node:path";

/** packages/bench/fixtures/nifti, where make_fixtures.py leaves nibabel's files and answers. */
export const FIXTURES = join(import.meta.dirname, "../../fixtures/nifti");

export interface NibabelAnswer {
  shape: number[];
  dtype: string;
  endianness: string;
  zooms: number[];
  affine: number[][];
  sform_code: number;
  qform_code: number;
  axcodes: string[];
  slope: number;
  inter: number;
  raw: number[];
  scaled: number[];
  qform?: number[][];
  sform?: number[][];
  pixdim0?: number;
  vox_offset?: number;
  magic?: string;
}

export function answers(file: string): Record<string, NibabelAnswer> {
  return JSON.parse(readFileSync(join(FIXTURES, file), "utf8"));
}

export function expectClose(actual: readonly number[], expected: readonly number[], rel = 1e-6): void {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} ≠ ${expected.length}`);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Math.abs(a - e) > rel * Math.max(1, Math.abs(e))) throw new Error(`[${i}] ${a} ≠ ${e}`);
  });
}
