import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { writePhantomDataset } from "@edgeseg/phantom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSuitePath, loadSuite } from "./load.ts";
import { verifySuiteAssets } from "./verify.ts";

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-suite-"));
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

/** A copy of the bundled suite folder, to tamper with. */
async function copySuite(name: string): Promise<string> {
  const target = join(tmp, name);
  await cp(dirname(bundledSuitePath("standard-v1")!), target, { recursive: true });
  return join(target, "suite.json");
}

describe("verifySuiteAssets", () => {
  it("accepts the bundled suite and the dataset the phantom generates for it", async () => {
    const dataset = join(tmp, "dataset");
    await writePhantomDataset(dataset, { split: "test" });
    const verified = await verifySuiteAssets(await loadSuite("standard-v1"), { datasetDir: dataset });
    expect(verified.models.map((m) => m.id)).toEqual(["unet2d-small", "unet2d-base", "litemedsam-phantom"]);
    expect(verified.datasetSha256).toBe((await loadSuite("standard-v1")).suite.dataset.sha256);
  });

  it("detects a changed ONNX file and names it with both hashes", async () => {
    const path = await copySuite("onnx");
    const onnx = join(dirname(path), "models/unet2d-small/model.onnx");
    const bytes = await readFile(onnx);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(onnx, bytes);
    await expect(verifySuiteAssets(await loadSuite(path))).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringMatching(
        /model unet2d-small: .*model\.onnx \(graphs\.model\) has sha256 [0-9a-f]{64}, its manifest pins/,
      ),
    });
  });

  it("detects an edited manifest", async () => {
    const path = await copySuite("manifest");
    const manifest = join(dirname(path), "models/litemedsam-phantom/manifest.json");
    await writeFile(
      manifest,
      (await readFile(manifest, "utf8")).replace('"maskThreshold": 0', '"maskThreshold": -2'),
    );
    await expect(verifySuiteAssets(await loadSuite(path))).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringMatching(/model litemedsam-phantom: manifest .* the suite pins/),
    });
  });

  it("detects a dataset that is not the pinned one and says how to fix it", async () => {
    const dataset = join(tmp, "short");
    await writePhantomDataset(dataset, { split: "test", cases: 1 });
    await expect(
      verifySuiteAssets(await loadSuite("standard-v1"), { datasetDir: dataset }),
    ).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringMatching(/dataset .* has sha256 [0-9a-f]{64}, the suite pins .*regenerate/),
    });
  });
});
