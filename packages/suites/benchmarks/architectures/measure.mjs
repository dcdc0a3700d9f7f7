// One measurement of one architecture in a fresh process (so peak RSS is this model's alone): session
// creation of each graph (model load), then timed runs — the first run reported apart, as
// onnxruntime_perf_test does — until `queries` timed runs or `budgetMs` have passed (at least one), and
// the process's peak RSS (VmHWM). Prints one JSON line.
//   node measure.mjs '<spec JSON>'
// spec: { pipeline, graphs: { role: { path, inputs: [{ name, shape }] } }, threads, arena, queries, budgetMs }
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";

const spec = JSON.parse(process.argv[2]);
const options = {
  intraOpNumThreads: spec.threads,
  executionProviders: ["cpu"],
  enableCpuMemArena: spec.arena,
  enableMemPattern: spec.arena,
};
// Inputs in the range the preprocessing produces: [0, 1] after min-max or a CT window, about ±1 after z-score.
const input = (shape, seed) => {
  const n = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    data[i] = (x >>> 8) / 2 ** 24;
  }
  return new ort.Tensor("float32", data, shape);
};
const fixed = (shape) => shape.map((d) => (typeof d === "number" ? d : 1));

const sessions = {};
let loadMs = 0;
for (const [role, g] of Object.entries(spec.graphs)) {
  const t = performance.now();
  sessions[role] = await ort.InferenceSession.create(g.path, options);
  loadMs += performance.now() - t;
}

/** Times fn: the first call apart, then until `queries` timed calls or the budget (at least one). */
async function timed(fn) {
  const t0 = performance.now();
  await fn();
  const firstMs = performance.now() - t0;
  const times = [];
  const start = performance.now();
  while (times.length < spec.queries && (times.length === 0 || performance.now() - start < spec.budgetMs)) {
    const t = performance.now();
    await fn();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { firstMs, p50Ms: times[Math.floor((times.length - 1) / 2)], count: times.length };
}

let result;
if (spec.pipeline === "promptable-2d") {
  const enc = spec.graphs.encoder;
  const image = input(fixed(enc.inputs[0].shape), 1);
  let embeddings;
  const encoder = await timed(async () => {
    embeddings = await sessions.encoder.run({ [enc.inputs[0].name]: image });
  });
  const side = enc.inputs[0].shape[3];
  const boxes = new ort.Tensor(
    "float32",
    Float32Array.from([0.3, 0.35, 0.6, 0.7].map((v) => v * side)),
    [1, 4],
  );
  const feeds = { ...embeddings, boxes };
  const decoder = await timed(() => sessions.decoder.run(feeds));
  result = { encoder, decoder };
} else {
  const g = spec.graphs.model;
  const x = input(fixed(g.inputs[0].shape), 1);
  for (let i = 0; i < x.data.length; i++) x.data[i] = x.data[i] * 2 - 1;
  result = { model: await timed(() => sessions.model.run({ [g.inputs[0].name]: x })) };
}
const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
process.stdout.write(
  `${JSON.stringify({ loadMs, ...result, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null })}\n`,
);
