import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { AppError } from "@edgeseg/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { answers, expectClose, FIXTURES } from "../testing/nifti-fixtures.ts";
import { aff2axcodes } from "./axcodes.ts";
import { defaultAffine } from "./encode-header.ts";
import { writtenCases } from "./fixture-cases.ts";
import { det3 } from "./mat3.ts";
import { readNifti } from "./read.ts";
import type { NiftiWriteInput } from "./types.ts";
import { writeNifti } from "./write.ts";

const nibabel = answers("edgeseg-written.json");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-write-"));
});

describe("writeNifti output as nibabel read it (make_fixtures.py)", () => {
  for (const [name, input] of Object.entries(writtenCases)) {
    it(name, () => {
      const got = nibabel[name]!;
      const affine = input.affine ?? defaultAffine(input.spacing);
      expect(got.shape).toEqual(input.dims);
      expect(got.dtype).toBe(input.voxelType);
      expect(got.magic).toBe("n+1");
      expect(got.vox_offset).toBe(352);
      expectClose(got.zooms, input.spacing);
      expect(got.raw).toEqual(Array.from(input.data));
      expect([got.slope, got.inter]).toEqual([input.slope ?? 1, input.inter ?? 0]);
      expectClose(got.sform!.flat(), affine.flat());
      // The qform holds the same rotation within float32 quaternion precision.
      expectClose(got.qform!.flat(), affine.flat(), 1e-3);
      // qfac (pixdim[0]) carries the handedness: -1 exactly when the affine flips it.
      expect(got.pixdim0).toBe(det3(affine.slice(0, 3).map((r) => r.slice(0, 3))) < 0 ? -1 : 1);
      expect(got.axcodes).toEqual(aff2axcodes(affine));
    });
  }

  it("still writes the committed bytes (no format drift since the fixtures were made)", async () => {
    for (const [name, input] of Object.entries(writtenCases)) {
      const path = join(dir, name);
      await writeNifti(path, input);
      const unzip = (b: Buffer) => (name.endsWith(".gz") ? gunzipSync(b) : b);
      const committed = unzip(await readFile(join(FIXTURES, "edgeseg-written", name)));
      expect(unzip(await readFile(path)).equals(committed), name).toBe(true);
    }
  });
});

describe("writeNifti → readNifti", () => {
  for (const [name, input] of Object.entries(writtenCases)) {
    for (const ext of [".nii", ".nii.gz"]) {
      it(`${input.voxelType} ${ext}`, async () => {
        const path = join(dir, `rt-${name}${ext}`);
        await writeNifti(path, input);
        const vol = await readNifti(path);
        expect(vol.dims).toEqual(input.dims);
        expect(vol.voxelType).toBe(input.voxelType);
        expect(vol.data).toEqual(input.data);
        expectClose(vol.spacing, input.spacing);
        expect([vol.slope, vol.inter]).toEqual([input.slope ?? 1, input.inter ?? 0]);
        expectClose(vol.affine.flat(), (input.affine ?? defaultAffine(input.spacing)).flat());
      });
    }
  }

  it("gzip output is deterministic: mtime 0, no name, OS byte 3, same bytes every time", async () => {
    const input = writtenCases["int16_oblique.nii.gz"]!;
    const [a, b] = [join(dir, "det-a.nii.gz"), join(dir, "det-b.nii.gz")];
    await writeNifti(a, input);
    await writeNifti(b, input);
    const bytes = await readFile(a);
    expect(bytes.subarray(0, 10).toString("hex")).toBe("1f8b0800000000000003");
    expect(bytes.equals(await readFile(b))).toBe(true);
  });

  it("writes a 2D image as nz = 1 with the default RAS affine", async () => {
    const path = join(dir, "flat.nii");
    await writeNifti(path, {
      dims: [3, 2, 1],
      spacing: [0.5, 0.25, 1],
      voxelType: "uint8",
      data: new Uint8Array(6),
    });
    const vol = await readNifti(path);
    expect(vol.dims).toEqual([3, 2, 1]);
    expect(vol.axcodes).toEqual(["R", "A", "S"]);
  });
});

describe("writeNifti input checks", () => {
  const good: NiftiWriteInput = {
    dims: [2, 2, 2],
    spacing: [1, 1, 1],
    voxelType: "int16",
    data: new Int16Array(8),
  };
  const cases: [string, Partial<NiftiWriteInput>, RegExp][] = [
    ["voxel count", { data: new Int16Array(7) }, /data has 7 voxels, dims say 8/],
    ["array type", { data: new Float32Array(8) }, /data is not a Int16Array for voxel type int16/],
    ["dims", { dims: [2, 0, 4] }, /dims 2×0×4 must be integers in 1..32767/],
    ["spacing", { spacing: [1, -1, 1] }, /spacing 1, -1, 1 must be positive/],
  ];
  for (const [what, change, message] of cases) {
    it(what, async () => {
      const err = await writeNifti(join(dir, "bad.nii"), { ...good, ...change }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(message);
    });
  }
});
