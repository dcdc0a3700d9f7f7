import { readFileSync } from "node:fs";
import { createRuntime, type RuntimeOptions, type Session } from "@edgeseg/engine-core";
import { fixtureModels, ONE_THREAD_CPU } from "@edgeseg/engine-core/testing";
import type { NiftiVolume, VoxelArray } from "../nifti/types.ts";

/** Shared by the pipeline tests only: fixture paths, a one-thread CPU runtime, in-memory volumes. */
export { fixtureModels };

const options: RuntimeOptions = ONE_THREAD_CPU;

export function readFixtureManifest(model: string): unknown {
  return JSON.parse(readFileSync(`${fixtureModels}${model}/manifest.json`, "utf8"));
}

export async function openFixtureSession(model: string, file: string): Promise<Session> {
  return (await createRuntime("node")).createSession(`${fixtureModels}${model}/${file}`, options);
}

/** Volume with data in stored order, value(i, j, k) at i + nx * (j + ny * k). */
export function volumeOf(
  dims: readonly [number, number, number],
  value: (i: number, j: number, k: number) => number,
  data: VoxelArray = new Int16Array(dims[0] * dims[1] * dims[2]),
): NiftiVolume {
  const [nx, ny, nz] = dims;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) data[i + nx * (j + ny * k)] = value(i, j, k);
  return {
    dims: [nx, ny, nz],
    spacing: [1, 1, 1],
    voxelType: data instanceof Uint8Array ? "uint8" : data instanceof Float32Array ? "float32" : "int16",
    data,
    slope: 1,
    inter: 0,
    affine: [
      [1, 0, 0, 0],
      [0, 1, 0, 0],
      [0, 0, 1, 0],
      [0, 0, 0, 1],
    ],
    axcodes: ["R", "A", "S"],
  };
}
