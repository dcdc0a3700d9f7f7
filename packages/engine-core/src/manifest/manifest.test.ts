import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createRuntime } from "../runtime/create.ts";
import { fixtureModels, ONE_THREAD_CPU } from "../testing/index.ts";
import { checkSessionAgainstManifest, sessionDifferences } from "./check-session.ts";
import { loadManifest } from "./load.ts";
import { modelManifestSchema } from "./schema.ts";
import { assertSupportedPipeline } from "./supported.ts";
import { verifyGraphFiles } from "./verify.ts";

const models = fixtureModels;
const options = ONE_THREAD_CPU;

let work: string;
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "edgeseg-manifest-"));
  await cp(path.join(models, "threshold-seg"), work, { recursive: true });
});
afterEach(() => rm(work, { recursive: true, force: true }));

// biome-ignore lint/suspicious/noExplicitAny: the tests reshape arbitrary manifest JSON on purpose
async function editManifest(edit: (m: Record<string, any>) => void): Promise<string> {
  const file = path.join(work, "manifest.json");
  const m = JSON.parse(await readFile(file, "utf8"));
  edit(m);
  await writeFile(file, JSON.stringify(m));
  return file;
}

describe("loadManifest", () => {
  it("loads both fixture manifests with the sha256 of their bytes", async () => {
    const file = path.join(models, "box-prompt", "manifest.json");
    const loaded = await loadManifest(file);
    expect(loaded.manifest.pipeline).toBe("promptable-2d");
    expect(loaded.dir).toBe(path.join(models, "box-prompt"));
    expect(loaded.manifestSha256).toBe(
      createHash("sha256")
        .update(await readFile(file))
        .digest("hex"),
    );
    const seg = await loadManifest(path.join(models, "threshold-seg", "manifest.json"));
    expect(seg.manifest.labels).toEqual({ 1: "liver", 2: "spleen" });
    expect(seg.manifest.pipeline === "semantic-2d" && seg.manifest.maxBatch).toBe(8);
  });

  it("lists each invalid field and what is wrong with it", async () => {
    const file = await editManifest((m) => {
      m.graphs.model.sha256 = "ABC";
      delete m.trained;
    });
    const err = loadManifest(file);
    await expect(err).rejects.toMatchObject({ code: "INPUT" });
    await expect(err).rejects.toThrow(/graphs\.model\.sha256: expected a lowercase hex sha256/);
    await expect(err).rejects.toThrow(/trained: .*boolean/);
  });

  it("refuses malformed JSON and a missing file", async () => {
    await writeFile(path.join(work, "bad.json"), "{ not json");
    await expect(loadManifest(path.join(work, "bad.json"))).rejects.toThrow(/bad\.json is not valid JSON/);
    await expect(loadManifest(path.join(work, "nope.json"))).rejects.toThrow(
      /Model manifest not found: .*nope\.json/,
    );
  });

  it("loads a semantic-3d-patch manifest with nnU-Net's defaults (step 0.5, no mirroring)", async () => {
    const { manifest } = await loadManifest(path.join(models, "patch3d-tiny/manifest.json"));
    expect(manifest.pipeline).toBe("semantic-3d-patch");
    if (manifest.pipeline !== "semantic-3d-patch") return;
    expect(manifest.slidingWindow).toEqual({
      patchSize: [16, 24, 20],
      spacing: [2, 1, 1],
      stepSize: 0.5,
      mirroring: false,
    });
    const json = JSON.parse(await readFile(path.join(models, "patch3d-tiny/manifest.json"), "utf8"));
    delete json.slidingWindow.stepSize;
    delete json.slidingWindow.mirroring;
    const parsed = modelManifestSchema.parse(json);
    expect(parsed.pipeline === "semantic-3d-patch" && parsed.slidingWindow.stepSize).toBe(0.5);
    expect(assertSupportedPipeline(parsed, "manifest.json").pipeline).toBe("semantic-3d-patch");
  });

  it("names what is wrong in a 3D manifest: missing window, 2D resize, bad CT clip, oversized batch", async () => {
    const file = await editManifest((m) => {
      m.pipeline = "semantic-3d-patch";
      m.preprocessing = {
        intensity: { kind: "ct-clip-z-score", lower: 300, upper: 200, mean: 0, std: 1 },
        resize: [64, 64],
      };
    });
    const err = await loadManifest(file).catch((e: Error) => e.message);
    expect(err).toMatch(/slidingWindow: .*expected object/);
    expect(err).toMatch(/preprocessing: Unrecognized key: "resize"/);
    const big = JSON.parse(await readFile(path.join(models, "patch3d-tiny/manifest.json"), "utf8"));
    big.slidingWindow.patchSize = [192, 192, 192];
    big.maxBatch = 16;
    const parsed = modelManifestSchema.safeParse(big);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toMatch(
      /16 × 1 × 192 × 192 × 192 float32 = 432 MiB, over the 256 MiB/,
    );
    big.maxBatch = 1;
    big.preprocessing.intensity = { kind: "ct-clip-z-score", lower: 300, upper: 200, mean: 0, std: 1 };
    expect(modelManifestSchema.safeParse(big).error?.issues[0]?.message).toMatch(
      /lower .* must be below upper/,
    );
  });

  it("accepts min-max intensity (with or without a window) for 2D models and refuses it for 3D", async () => {
    const plain = await editManifest((m) => {
      m.preprocessing.intensity = { kind: "min-max" };
    });
    expect((await loadManifest(plain)).manifest.preprocessing.intensity).toEqual({ kind: "min-max" });
    const windowed = await editManifest((m) => {
      m.preprocessing.intensity = { kind: "min-max", window: { level: 40, width: 0 } };
    });
    await expect(loadManifest(windowed)).rejects.toThrow(/window.width/);
    const json = JSON.parse(await readFile(path.join(models, "patch3d-tiny/manifest.json"), "utf8"));
    json.preprocessing.intensity = { kind: "min-max" };
    expect(modelManifestSchema.safeParse(json).success).toBe(false);
  });

  it("bounds maxBatch, the input size and one batch's input tensor, with the reason", async () => {
    const huge = await editManifest((m) => {
      m.maxBatch = 1e9;
    });
    await expect(loadManifest(huge)).rejects.toThrow(
      /maxBatch: at most 64: a batch's input tensor is allocated whole/,
    );
    const wide = await editManifest((m) => {
      m.maxBatch = 64;
      m.preprocessing.resize = [2048, 2048];
      m.preprocessing.channels = 3;
    });
    await expect(loadManifest(wide)).rejects.toThrow(
      /maxBatch: one batch's input would be 64 × 3 × 2048 × 2048 float32 = 3072 MiB, over the 256 MiB/,
    );
    const side = await editManifest((m) => {
      m.preprocessing.resize = [100_000, 8];
    });
    await expect(loadManifest(side)).rejects.toThrow(/preprocessing\.resize\.0: at most 4096 pixels/);
  });
});

describe("verifyGraphFiles", () => {
  it("returns each graph's role and verified hash", async () => {
    const { manifest, dir } = await loadManifest(path.join(models, "box-prompt", "manifest.json"));
    const verified = await verifyGraphFiles(manifest, dir);
    expect(verified.map((v) => v.role)).toEqual(["encoder", "decoder"]);
    expect(verified[1]?.sha256).toBe(
      createHash("sha256")
        .update(await readFile(path.join(dir, "decoder.onnx")))
        .digest("hex"),
    );
  });

  it("reports a sha256 mismatch with both hashes", async () => {
    const onnx = path.join(work, "model.onnx");
    const expected = createHash("sha256")
      .update(await readFile(onnx))
      .digest("hex");
    await writeFile(onnx, Buffer.concat([await readFile(onnx), Buffer.from([0])]));
    const { manifest, dir } = await loadManifest(path.join(work, "manifest.json"));
    const err = verifyGraphFiles(manifest, dir);
    await expect(err).rejects.toMatchObject({ code: "INTEGRITY" });
    await expect(err).rejects.toThrow(
      new RegExp(`manifest expects ${expected}, file has [0-9a-f]{64}\\. The file is corrupt`),
    );
  });

  it("refuses a missing file and a path outside the manifest's directory", async () => {
    await rm(path.join(work, "model.onnx"));
    const { manifest, dir } = await loadManifest(path.join(work, "manifest.json"));
    await expect(verifyGraphFiles(manifest, dir)).rejects.toThrow(/graphs\.model not found: .*model\.onnx/);
    const file = await editManifest((m) => {
      m.graphs.model.file = "../threshold-seg/model.onnx";
    });
    await expect(loadManifest(file)).rejects.toThrow(/points outside the manifest's directory/);
  });

  it("refuses a graph file that is a directory when the manifest is loaded, not when the run opens it", async () => {
    await rm(path.join(work, "model.onnx"));
    await mkdir(path.join(work, "model.onnx"));
    await expect(loadManifest(path.join(work, "manifest.json"))).rejects.toThrow(
      /^graphs\.model\.file "model\.onnx" is a directory \(.*model\.onnx\); name the model's \.onnx file\.$/,
    );
  });
});

describe("checkSessionAgainstManifest", () => {
  it("accepts the fixture graphs as their manifests describe them", async () => {
    const runtime = await createRuntime("node");
    const { manifest, dir } = await loadManifest(path.join(models, "box-prompt", "manifest.json"));
    if (manifest.pipeline !== "promptable-2d") throw new Error("fixture changed");
    for (const [role, spec] of Object.entries(manifest.graphs)) {
      const session = await runtime.createSession(path.join(dir, spec.file), options);
      expect(() => checkSessionAgainstManifest(session, spec, role)).not.toThrow();
      await session.release();
    }
  });

  it("lists every difference between an edited manifest and the real graph", async () => {
    const file = await editManifest((m) => {
      m.graphs.model.inputs = [
        { name: "image", shape: ["batch", 1, 128, 64], elementType: "int64" },
        { name: "spacing", shape: [2], elementType: "float32" },
      ];
      m.graphs.model.outputs = [{ name: "logits", shape: [1, 3, 64, 64], elementType: "float32" }];
    });
    const { manifest, dir } = await loadManifest(file);
    if (manifest.pipeline !== "semantic-2d") throw new Error("fixture changed");
    const session = await (await createRuntime("node")).createSession(path.join(dir, "model.onnx"), options);
    const spec = manifest.graphs.model;
    // A fixed output batch of 1 is a narrower promise than the graph's symbolic "batch": accepted.
    expect(sessionDifferences(session, spec)).toEqual([
      'input "image" element type: manifest int64, graph float32',
      'input "image" dimension 2: manifest 128, graph fixes it at 64',
      'input "spacing" is not in the graph (graph inputs: image)',
    ]);
    expect(() => checkSessionAgainstManifest(session, spec)).toThrow(
      /model\.onnx does not match its manifest \(graphs\.model\)/,
    );
    await session.release();
  });
});
