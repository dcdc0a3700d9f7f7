// Times one training-step graph against the forward pass of the same trainable part (median of N runs,
// after warm-up), with ONNX Runtime's graph optimisation on and off. Synthetic inputs: the timings do not
// depend on the values. Run: npx tsx packages/finetune/benchmarks/step-graph.ts
import { readFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import * as ort from "onnxruntime-node";
import { buildTrainStep, type LossName, splitModel } from "../src/graph/index.ts";

const file = (f: string) =>
  readFileSync(fileURLToPath(new URL(`../../suites/standard-v1/models/${f}`, import.meta.url)));
const RUNS = 15;

async function median(fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const ts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  return ts[Math.floor(RUNS / 2)] as number;
}

async function bench(
  name: string,
  model: string,
  cut: string[],
  loss: LossName,
  cutDims: number[][],
  target: ort.Tensor,
) {
  const parts = splitModel(file(model), { trainableFrom: cut });
  const step = buildTrainStep(parts, { loss, optimizer: { name: "adam", learningRate: 1e-3 } });
  const feeds: Record<string, ort.Tensor> = {
    target,
    step: new ort.Tensor("float32", Float32Array.of(1), []),
  };
  parts.cutInputs.forEach((n, i) => {
    const d = cutDims[i] as number[];
    feeds[n] = new ort.Tensor(
      "float32",
      new Float32Array(d.reduce((a, b) => a * b, 1)).map(() => Math.random()),
      d,
    );
  });
  for (const p of parts.params) feeds[p.name] = new ort.Tensor("float32", p.data, p.dims);
  for (const s of step.stateInit) feeds[s.name] = new ort.Tensor("float32", s.data, s.dims);
  const fwdFeeds = Object.fromEntries(parts.cutInputs.map((n) => [n, feeds[n] as ort.Tensor]));
  const row: string[] = [name];
  for (const level of ["all", "disabled"] as const) {
    const opts = { graphOptimizationLevel: level, intraOpNumThreads: 2 };
    const fwd = await ort.InferenceSession.create(parts.trainable, opts);
    const train = await ort.InferenceSession.create(step.graph, opts);
    const f = await median(() => fwd.run(fwdFeeds));
    const t = await median(() => train.run(feeds));
    row.push(`${level}: forward ${f.toFixed(1)} ms, step ${t.toFixed(1)} ms (x${(t / f).toFixed(1)})`);
    await fwd.release();
    await train.release();
  }
  console.log(row.join(" | "));
}

console.log(
  `${cpus().length} cores (${cpus()[0]?.model}), load average ${loadavg()[0]?.toFixed(2)}: measured, machine shared`,
);
for (const n of [1, 4]) {
  const labels = new ort.Tensor("int64", new BigInt64Array(n * 128 * 128).fill(1n), [n, 128, 128]);
  await bench(
    `unet2d-small batch ${n}`,
    "unet2d-small/model.onnx",
    ["/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0", "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0"],
    "softmax-cross-entropy",
    [
      [n, 16, 64, 64],
      [n, 8, 128, 128],
    ],
    labels,
  );
}
await bench(
  "unet2d-base batch 1",
  "unet2d-base/model.onnx",
  ["/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0", "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0"],
  "softmax-cross-entropy",
  [
    [1, 32, 64, 64],
    [1, 16, 128, 128],
  ],
  new ort.Tensor("int64", new BigInt64Array(128 * 128).fill(1n), [1, 128, 128]),
);
const mask = new ort.Tensor(
  "float32",
  Float32Array.from({ length: 256 * 256 }, (_, i) => (i % 3 ? 0 : 1)),
  [1, 1, 256, 256],
);
await bench(
  "litemedsam-phantom decoder",
  "litemedsam-phantom/decoder.onnx",
  ["/Concat_1_output_0"],
  "sigmoid-bce-dice",
  [[1, 37, 64, 64]],
  mask,
);
