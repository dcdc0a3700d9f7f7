import { cp, mkdtemp, readFile, rename, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { loadDataset } from "./load.ts";

const DATASETS = join(import.meta.dirname, "../../fixtures/datasets");

async function scratch(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "edgeseg-hash-")), "nnunetv2");
  await cp(join(DATASETS, "nnunetv2"), dir, { recursive: true });
  return dir;
}

const hashOf = async (dir: string) => (await loadDataset(dir, { split: "train" })).sha256();

describe("dataset sha256", () => {
  it("ignores how gzip compressed the same voxels", async () => {
    const dir = await scratch();
    const before = await hashOf(dir);
    const path = join(dir, "labelsTr", "case_001.nii.gz");
    const recompressed = gzipSync(gunzipSync(await readFile(path)), { level: 1 });
    expect(recompressed.equals(await readFile(path))).toBe(false);
    await writeFile(path, recompressed);
    expect(await hashOf(dir)).toBe(before);
  });

  it("changes when one voxel, dataset.json or a case name changes", async () => {
    const dir = await scratch();
    const before = await hashOf(dir);
    const path = join(dir, "labelsTr", "case_002.nii.gz");
    const raw = gunzipSync(await readFile(path));
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    await writeFile(path, gzipSync(raw));
    const voxel = await hashOf(dir);
    expect(voxel).not.toBe(before);

    await writeFile(join(dir, "dataset.json"), `${await readFile(join(dir, "dataset.json"), "utf8")} `);
    const json = await hashOf(dir);
    expect(json).not.toBe(voxel);

    for (const [from, to] of [
      ["imagesTr/case_002_0000.nii.gz", "imagesTr/case_005_0000.nii.gz"],
      ["labelsTr/case_002.nii.gz", "labelsTr/case_005.nii.gz"],
    ] as const) {
      await rename(join(dir, from), join(dir, to));
    }
    expect(await hashOf(dir)).not.toBe(json);
  });
});
