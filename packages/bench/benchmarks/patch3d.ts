/**
 * Per-case overhead of the semantic-3d-patch pipeline (issue 14, item 6): a random-weight 3D U-Net
 * (benchmarks/patch3d/make_unet3d.py, exported with Debian's python3-torch) on a 128 × 128 × 64 CT-like
 * volume at 0.8 × 0.8 × 2.5 mm, resampled to the model's 2 × 1 × 1 mm (80 × 102 × 102) and cut into
 * 64³ patches at step 0.5. In interleaved rounds (order alternating) it times
 *   (a) end to end: reading the NIfTI, preprocessing, the sliding window, resampling back, argmax —
 *       what evaluateCase counts as a case's totalMs;
 *   (b) pure inference: the same patches' prepared inputs through ONNX Runtime back to back (the
 *       runtime's own run and nothing else), summed.
 * Reports each side's median, the ratio a/b (target ≤ 1.10), the case's own stage times and the peak RSS.
 *
 *   npm run bench:3d -- [--rounds 5] [--threads 1] [--side 64] [--width 16] [--json]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createRuntime, loadManifest } from "@edgeseg/engine-core";
import { z } from "zod";
import { readNifti, writeNifti } from "../src/nifti/index.ts";
import { createSemantic3d } from "../src/pipeline/index.ts";

const args = z
  .object({
    rounds: z.coerce.number().int().positive().default(5),
    threads: z.coerce.number().int().nonnegative().default(1),
    side: z.coerce.number().int().positive().default(64),
    width: z.coerce.number().int().positive().default(16),
    json: z.boolean().default(false),
  })
  .parse(
    parseArgs({
      options: {
        rounds: { type: "string" },
        threads: { type: "string" },
        side: { type: "string" },
        width: { type: "string" },
        json: { type: "boolean" },
      },
    }).values,
  );

const DIMS = [128, 128, 64] as const;
const SPACING = [0.8, 0.8, 2.5] as const;
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** An abdomen-like phantom in HU: body ellipse, two organs, air outside. */
function phantom(): Int16Array {
  const [nx, ny, nz] = DIMS;
  const data = new Int16Array(nx * ny * nz);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const body = ((i - 64) / 58) ** 2 + ((j - 64) / 44) ** 2 < 1;
        const liver = ((i - 45) / 22) ** 2 + ((j - 60) / 18) ** 2 + ((k - 32) / 20) ** 2 < 1;
        const spleen = ((i - 90) / 10) ** 2 + ((j - 55) / 12) ** 2 + ((k - 30) / 12) ** 2 < 1;
        const v = liver ? 60 : spleen ? 45 : body ? 10 : -1000;
        data[i + nx * (j + ny * k)] = v + ((i * 7 + j * 13 + k * 5) % 21) - 10;
      }
  return data;
}

const dir = mkdtempSync(path.join(tmpdir(), "edgeseg-bench-3d-"));
try {
  const script = fileURLToPath(new URL("./patch3d/make_unet3d.py", import.meta.url));
  const made = spawnSync("/usr/bin/python3", [script, dir, String(args.side), String(args.width)], {
    encoding: "utf8",
  });
  if (made.status !== 0)
    throw new Error(`model export failed: ${made.stderr.split("\n").slice(-3).join(" ")}`);
  const model = JSON.parse(made.stdout.trim().split("\n").pop()!) as { params: number; bytes: number };
  const imagePath = path.join(dir, "case_0000.nii.gz");
  await writeNifti(imagePath, { dims: DIMS, spacing: SPACING, voxelType: "int16", data: phantom() });

  const { manifest } = await loadManifest(path.join(dir, "manifest.json"));
  if (manifest.pipeline !== "semantic-3d-patch") throw new Error("expected a semantic-3d-patch manifest");
  const runtime = await createRuntime("node");
  const session = await runtime.createSession(path.join(dir, "model.onnx"), {
    intraOpThreads: args.threads,
    graphOptimizationLevel: "all",
    executionProviders: ["cpu"],
    memoryArena: true,
    memoryPattern: true,
  });
  const pipeline = createSemantic3d(session, manifest);
  const labelMap = new Map([
    [1, 1],
    [2, 2],
    [3, 3],
  ]);
  const image = await readNifti(imagePath);
  const prepared = pipeline.prepareVolume(image);
  const queries = prepared.origins.map((o) => session.prepare(pipeline.patchFeeds(prepared, [o])));
  // Warm-up: one case, one pass of the bare loop.
  await pipeline.segmentVolume(image, { labelMap });
  for (const q of queries) await q();

  const endToEnd = async () => {
    const t0 = performance.now();
    const volume = await readNifti(imagePath);
    const out = await pipeline.segmentVolume(volume, { labelMap });
    return { totalMs: performance.now() - t0, ...out.timing, accumulatorBytes: out.accumulatorBytes };
  };
  const bare = async () => {
    const t0 = performance.now();
    for (const q of queries) await q();
    return performance.now() - t0;
  };
  const a: Awaited<ReturnType<typeof endToEnd>>[] = [];
  const b: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    if (r % 2 === 0) {
      a.push(await endToEnd());
      b.push(await bare());
    } else {
      b.push(await bare());
      a.push(await endToEnd());
    }
  }
  await session.release();
  const pick = (key: "totalMs" | "preprocessMs" | "inferMs" | "postprocessMs") =>
    median(a.map((x) => x[key]));
  const report = {
    model: { params: model.params, onnxMb: model.bytes / 2 ** 20, patch: pipeline.patchSize },
    volume: {
      dims: DIMS,
      spacingMm: SPACING,
      modelGrid: prepared.grid.shape,
      patches: prepared.origins.length,
    },
    threads: args.threads,
    rounds: args.rounds,
    endToEndMs: pick("totalMs"),
    pureInferenceMs: median(b),
    ratio: pick("totalMs") / median(b),
    pairedRatio: median(a.map((x, n) => x.totalMs / b[n]!)),
    perPatchMs: median(b) / prepared.origins.length,
    inCase: {
      preprocessMs: pick("preprocessMs"),
      inferMs: pick("inferMs"),
      postprocessMs: pick("postprocessMs"),
    },
    accumulatorsMb: a[0]!.accumulatorBytes / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  if (args.json) console.log(JSON.stringify(report, null, 2));
  else {
    const f = (x: number) => x.toFixed(1);
    console.log(
      `3D U-Net ${report.model.params} params, patch ${report.model.patch.join("×")}, ${report.volume.patches} patches ` +
        `(model grid ${report.volume.modelGrid.join("×")}), ${args.threads} thread(s), ${args.rounds} rounds`,
    );
    console.log(
      `end to end ${f(report.endToEndMs)} ms / pure inference ${f(report.pureInferenceMs)} ms = ${report.ratio.toFixed(3)} (paired ${report.pairedRatio.toFixed(3)}; target ≤ 1.10)`,
    );
    console.log(
      `per patch ${f(report.perPatchMs)} ms; in the case: preprocess ${f(report.inCase.preprocessMs)}, infer ${f(report.inCase.inferMs)}, postprocess ${f(report.inCase.postprocessMs)} ms`,
    );
    console.log(
      `accumulators + input grid ${f(report.accumulatorsMb)} MB; peak RSS ${f(report.peakRssMb)} MB`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
