// One measurement in a fresh process: model load, SingleStream p50 over `queries` runs after 3
// warm-up runs, and the process's peak RSS (VmHWM). Prints one JSON line.
//   node measure.mjs <model.onnx> <threads> <queries> <side>
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";

const [model, threads, queries, side] = process.argv.slice(2);
const n = Number(side);
const t0 = performance.now();
const session = await ort.InferenceSession.create(model, {
  intraOpNumThreads: Number(threads),
  executionProviders: ["cpu"],
});
const loadMs = performance.now() - t0;
const image = new ort.Tensor(
  "float32",
  Float32Array.from({ length: n * n }, (_, i) => (i % 97) / 97),
  [1, 1, n, n],
);
let finite = true;
for (let i = 0; i < 3; i++) {
  const out = await session.run({ image });
  finite &&= out.logits.data.every(Number.isFinite);
}
const times = [];
for (let i = 0; i < Number(queries); i++) {
  const t = performance.now();
  await session.run({ image });
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const p50Ms = times[Math.floor((times.length - 1) / 2)];
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
const peakRssMb = hwm ? Number(hwm[1]) / 1024 : null;
process.stdout.write(`${JSON.stringify({ loadMs, p50Ms, peakRssMb, finite })}\n`);
