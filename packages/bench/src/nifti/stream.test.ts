import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../testing/nifti-fixtures.ts";
import { readNifti } from "./read.ts";
import { openNiftiStream } from "./stream.ts";
import { writeNifti } from "./write.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-stream-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A volume big enough to arrive in several 1 MiB inflate chunks: 256 × 256 × 40 int16 (5 MiB). */
async function bigVolume(name: string) {
  const [nx, ny, nz] = [256, 256, 40];
  const data = new Int16Array(nx * ny * nz);
  // Noise-like values so gzip cannot shrink it to nothing and chunks stay ~1 MiB of output.
  let x = 12345;
  for (let n = 0; n < data.length; n++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[n] = (x >>> 16) - 32768;
  }
  const path = join(dir, name);
  await writeNifti(path, { dims: [nx, ny, nz], spacing: [1, 1, 2], voxelType: "int16", data });
  return path;
}

describe("openNiftiStream", () => {
  it("gives the volume before the voxels are all inflated, slices landing in order, identical at the end", async () => {
    const path = await bigVolume("big.nii.gz");
    const stream = await openNiftiStream(path);
    expect(stream.volume.dims).toEqual([256, 256, 40]);
    // The first 1 MiB chunk already holds slices 0–7 (128 KiB each); the last ones come later.
    let whole = false;
    const order: number[] = [];
    stream.done.then(() => {
      whole = true;
    });
    await stream.ready(1);
    expect(whole).toBe(false);
    await Promise.all([40, 20].map((n) => stream.ready(n).then(() => order.push(n))));
    expect(order).toEqual([20, 40]);
    const done = await stream.done;
    expect(Array.from(stream.volume.data)).toEqual(Array.from((await readNifti(path)).data));
    expect(done.data.buffer).toBe(stream.volume.data.buffer);
    // Asking again after the end, or for slice 0, resolves at once.
    await stream.ready(40);
    await stream.ready(0);
  });

  it("streams an uncompressed .nii and a big-endian file the same as readNifti reads them", async () => {
    const plain = join(dir, "big.nii");
    await writeFile(plain, gunzipSync(await readFile(await bigVolume("for-plain.nii.gz"))));
    for (const path of [
      plain,
      join(FIXTURES, "uint16_bigendian.nii"),
      join(FIXTURES, "uint16_bigendian.nii.gz"),
    ]) {
      const stream = await openNiftiStream(path);
      await stream.ready(stream.volume.dims[2]);
      await stream.done;
      expect(Array.from(stream.volume.data)).toEqual(Array.from((await readNifti(path)).data));
    }
  });

  it("rejects a waiting slice and done when the gzip stream breaks after the header", async () => {
    const whole = await readFile(await bigVolume("to-cut.nii.gz"));
    const cut = join(dir, "cut.nii.gz");
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const stream = await openNiftiStream(cut);
    await expect(stream.ready(40)).rejects.toThrow(/cut\.nii\.gz: corrupt or truncated gzip data/);
    await expect(stream.done).rejects.toThrow(/re-export or re-download it/);
    await expect(stream.ready(40)).rejects.toThrow(/corrupt or truncated/);
  });

  it("refuses a file that is not NIfTI before any volume exists, in readNifti's words", async () => {
    const bad = join(dir, "bad.nii.gz");
    await writeFile(bad, gzipSync(Buffer.from("not a nifti header")));
    await expect(openNiftiStream(bad)).rejects.toThrow(/bad\.nii\.gz/);
    await expect(openNiftiStream(join(dir, "missing.nii.gz"))).rejects.toThrow(/NIfTI file not found/);
  });
});
