import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  createPromptable2d,
  createRuntime,
  createSemantic2d,
  createSemantic3d,
  loadManifest,
  type ModelManifest,
  P99_MIN_SAMPLES,
  parseModel,
  type RuntimeOptions,
  runnableGraph,
  type Session,
  skeletonMeta,
  skeletonMetaSchema,
  verifyGraphFiles,
} from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundledSuitePath, loadSuite, manifestPath } from "./load.ts";
import { verifySuiteAssets } from "./verify.ts";

/**
 * architectures-v1 pins skeletons of published architectures: each must be the architecture it names.
 * The parameter count is read from the skeleton itself (the element counts of its stripped
 * initializers, i.e. the product of their dims) and held against the published figure. Two effects
 * make an ONNX graph hold slightly fewer numbers than the PyTorch module, so the skeleton is also held
 * against the module's own count (architectures.json, written by the recipe) within 4 %: the exporter
 * folds BatchNorm into the preceding convolution (TinyViT, EfficientViT), and a box-only decoder graph
 * drops the prompt encoder's point and mask embeddings it never uses (142 k numbers).
 */
interface Published {
  /** Parameters of the whole model (all graphs), as published. */
  readonly parameters: number;
  /** Relative tolerance of the PyTorch module's count against the published figure. */
  readonly tolerance: number;
  /** The encoder / network input the publication uses. */
  readonly input: readonly number[];
}

const PUBLISHED: Record<string, Published> = {
  // LiteMedSAM: 9.79 M parameters (TinyViT 5.73 M + SAM prompt encoder / mask decoder 4.06 M), input
  // 256 x 256 — bowang-lab/MedSAM branch LiteMedSAM, CVPR24_LiteMedSAM_infer.py (img_size=256), and the
  // ~9.8 M the challenge baseline is described with (CVPR 2024 "MedSAM on Laptop").
  litemedsam: { parameters: 9.79e6, tolerance: 0.01, input: [1, 3, 256, 256] },
  // MedSAM = SAM ViT-B: image encoder 89.67 M + prompt encoder/mask decoder 4.06 M = 93.7 M, input
  // 1024 x 1024 (Ma et al., "Segment anything in medical images", Nat. Commun. 2024; SAM ViT-B).
  "medsam-vit-b": { parameters: 93.7e6, tolerance: 0.01, input: [1, 3, 1024, 1024] },
  // MedficientSAM-L0: 34.79 M parameters at 512 x 512 — hieplpvip/medficientsam README, Results table
  // (commit 59504938bb37ab7e2832ede358051976e740efe5).
  "efficientvit-sam-l0": { parameters: 34.79e6, tolerance: 0.005, input: [1, 3, 512, 512] },
  // SwinUNETR, BTCV setting (feature_size 48, 96^3, 14 classes): 62.2 M parameters (Tang et al.,
  // "Self-Supervised Pre-Training of Swin Transformers for 3D Medical Image Analysis", CVPR 2022).
  "swin-unetr": { parameters: 62.2e6, tolerance: 0.01, input: [1, 1, 96, 96, 96] },
};

interface Plans {
  configurations: Record<
    string,
    {
      patch_size: number[];
      spacing: number[];
      architecture: {
        arch_kwargs: {
          features_per_stage: number[];
          kernel_sizes: number[][];
          strides: number[][];
          n_conv_per_stage: number[];
          n_conv_per_stage_decoder: number[];
        };
      };
    }
  >;
}

const CLASSES = 14; // BTCV's 13 organs + background (nnunet_plans.py)
const prod = (xs: readonly number[]) => xs.reduce((a, b) => a * b, 1);

/**
 * Parameters of nnU-Net's PlainConvUNet, counted by hand from the plans (dynamic-network-architectures
 * architectures/unet.py, building_blocks/plain_conv_encoder.py and unet_decoder.py): each encoder stage
 * is n convs (k-sized kernel, bias) + InstanceNorm (affine: 2 per channel), the first with the stage's
 * stride; each decoder stage a transposed conv (kernel = stride, bias) from the stage below, n convs on
 * the concatenated skip (2 x features in), and a 1 x 1 segmentation head per decoder stage — all built
 * even with deep supervision off, when only the last one runs (so the exported graph has only that one).
 */
function plainConvUNetParameters(cfg: Plans["configurations"][string]): { module: number; run: number } {
  const a = cfg.architecture.arch_kwargs;
  const f = a.features_per_stage;
  let total = 0;
  const conv = (cin: number, cout: number, k: readonly number[]) => prod(k) * cin * cout + cout + 2 * cout;
  let cin = 1;
  for (const [s, width] of f.entries()) {
    for (let n = 0; n < a.n_conv_per_stage[s]!; n++) {
      total += conv(n === 0 ? cin : width, width, a.kernel_sizes[s]!);
    }
    cin = width;
  }
  for (let s = f.length - 2; s >= 0; s--) {
    total += prod(a.strides[s + 1]!) * f[s + 1]! * f[s]! + f[s]!; // transposed conv with bias
    for (let n = 0; n < a.n_conv_per_stage_decoder[s]!; n++) {
      total += conv(n === 0 ? 2 * f[s]! : f[s]!, f[s]!, a.kernel_sizes[s]!);
    }
  }
  const head = (width: number) => width * CLASSES + CLASSES;
  const heads = f.slice(0, -1).reduce((sum, width) => sum + head(width), 0);
  return { module: total + heads, run: total + head(f[0]!) };
}

let tmp: string;
let architectures: Record<
  string,
  { graphs: Record<string, { parameters: number; fullBytes: number; skeletonBytes: number }> }
>;
let plans: Plans;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-architectures-"));
  const dir = dirname(bundledSuitePath("architectures-v1")!);
  architectures = JSON.parse(await readFile(join(dir, "architectures.json"), "utf8"));
  plans = JSON.parse(await readFile(join(dir, "nnunet-plans.json"), "utf8"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

async function skeletonCount(file: string): Promise<number> {
  const meta = skeletonMetaSchema.parse(skeletonMeta(parseModel(await readFile(file), file), file));
  return meta.tensors.reduce((sum, t) => sum + t.count, 0);
}

async function models(): Promise<{ id: string; manifest: ModelManifest; dir: string }[]> {
  const loaded = await loadSuite("architectures-v1");
  return Promise.all(
    loaded.suite.models.map(async (entry) => {
      const { manifest, dir } = await loadManifest(manifestPath(loaded, entry.manifest));
      return { id: entry.id, manifest, dir };
    }),
  );
}

describe("architectures-v1", () => {
  it("resolves by id and verifies against the phantom case it pins", async () => {
    const loaded = await loadSuite("architectures-v1");
    expect(loaded.path).toBe(bundledSuitePath("architectures-v1"));
    expect(loaded.suite.models.map((m) => m.id)).toEqual([
      "litemedsam",
      "efficientvit-sam-l0",
      "medsam-vit-b",
      "nnunet-2d",
      "nnunet-3d-fullres",
      "swin-unetr",
    ]);
    const dataset = join(tmp, "dataset");
    await writePhantomDataset(dataset, { split: "test", cases: loaded.suite.dataset.cases });
    const verified = await verifySuiteAssets(loaded, { datasetDir: dataset });
    expect(verified.datasetSha256).toBe(loaded.suite.dataset.sha256);
    // Bounded, and VALID where a device is fast enough: one repeat of the 100 queries a p99 needs
    // (packages/bench timing/validity.ts P99_MIN_SAMPLES; fewer is INVALID by construction), capped.
    const { singleStream, offline, repeats } = loaded.suite.scenarios;
    expect(singleStream.minQueries).toBe(P99_MIN_SAMPLES);
    expect(singleStream.maxDurationMs).toBeLessThanOrEqual(15 * 60_000);
    expect(offline.maxDurationMs).toBeLessThanOrEqual(30_000);
    expect(repeats).toMatchObject({ minRepeats: 1, maxRepeats: 1 });
  });

  it("ships skeletons only: small files, synthetic-weight manifests, never trained", async () => {
    for (const { id, manifest, dir } of await models()) {
      expect(manifest.trained, id).toBe(false);
      expect(manifest.intendedUse, id).toMatch(/synthetic weights .* never accuracy/);
      for (const [role, graph] of Object.entries(manifest.graphs)) {
        const file = join(dir, graph.file);
        expect(graph.file, `${id} ${role}`).toMatch(/\.skel\.onnx$/);
        const bytes = (await stat(file)).size;
        expect(bytes, `${id} ${role} skeleton size`).toBeLessThan(6 * 2 ** 20);
        const full = architectures[id]!.graphs[role]!;
        expect(full.skeletonBytes).toBe(bytes);
        expect(full.fullBytes / bytes, `${id} ${role}: full model over skeleton`).toBeGreaterThan(5);
      }
    }
  });

  for (const [id, published] of Object.entries(PUBLISHED)) {
    it(`${id}: parameter count and input size are the published architecture's`, async () => {
      const { manifest, dir } = (await models()).find((m) => m.id === id)!;
      const graphs = architectures[id]!.graphs;
      const torchCount = Object.values(graphs).reduce((s, g) => s + g.parameters, 0);
      expect(Math.abs(torchCount / published.parameters - 1)).toBeLessThan(published.tolerance);
      let skeleton = 0;
      for (const [role, graph] of Object.entries(manifest.graphs)) {
        const count = await skeletonCount(join(dir, graph.file));
        expect(count / graphs[role]!.parameters, `${id} ${role}`).toBeGreaterThan(0.96);
        expect(count / graphs[role]!.parameters, `${id} ${role}`).toBeLessThanOrEqual(1);
        skeleton += count;
      }
      expect(Math.abs(skeleton / published.parameters - 1), `${id} skeleton ${skeleton}`).toBeLessThan(0.04);
      const input = Object.values(manifest.graphs)[0]!.inputs[0]!.shape;
      expect(input).toEqual(published.input);
    });
  }

  for (const [id, config] of [
    ["nnunet-2d", "2d"],
    ["nnunet-3d-fullres", "3d_fullres"],
  ] as const) {
    it(`${id}: the network the nnU-Net plans (${config}) describe, parameter for parameter`, async () => {
      const { manifest, dir } = (await models()).find((m) => m.id === id)!;
      if (manifest.pipeline === "promptable-2d") throw new Error(`${id} is not an nnU-Net manifest`);
      const cfg = plans.configurations[config]!;
      const expected = plainConvUNetParameters(cfg);
      expect(architectures[id]!.graphs.model!.parameters).toBe(expected.module);
      const skeleton = await skeletonCount(join(dir, manifest.graphs.model.file));
      expect(skeleton / expected.run).toBeGreaterThan(0.995);
      expect(skeleton).toBeLessThanOrEqual(expected.run);
      expect(manifest.graphs.model.inputs[0]!.shape).toEqual(["batch", 1, ...cfg.patch_size]);
      if (manifest.pipeline === "semantic-3d-patch") {
        expect(manifest.slidingWindow.patchSize).toEqual(cfg.patch_size);
        expect(manifest.slidingWindow.spacing).toEqual(cfg.spacing);
      } else {
        expect(manifest.preprocessing.resize).toEqual(cfg.patch_size);
      }
    });
  }

  // MedSAM ViT-B is left out only for time and memory (a 375 MB fill): its decoder is the same graph
  // as the others', and its encoder input is checked against the preprocessing above.
  it("[slow] each manifest is accepted by its pipeline against the filled graphs", async () => {
    const runtime = await createRuntime("node");
    const options: RuntimeOptions = {
      intraOpThreads: 1,
      graphOptimizationLevel: "basic",
      executionProviders: ["cpu"],
      memoryArena: false,
      memoryPattern: false,
    };
    for (const { id, manifest, dir } of await models()) {
      if (id === "medsam-vit-b") continue;
      const sessions: Record<string, Session> = {};
      for (const g of await verifyGraphFiles(manifest, dir)) {
        const runnable = await runnableGraph(g, join(tmp, "skeletons"));
        sessions[g.role] = await runtime.createSession(runnable.path, options);
      }
      if (manifest.pipeline === "semantic-2d") createSemantic2d(sessions.model!, manifest);
      else if (manifest.pipeline === "promptable-2d")
        createPromptable2d({ encoder: sessions.encoder!, decoder: sessions.decoder! }, manifest);
      else createSemantic3d(sessions.model!, manifest);
      for (const session of Object.values(sessions)) await session.release();
    }
  }, 300_000);
});
