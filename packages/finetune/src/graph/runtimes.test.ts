// The agent's fallback runtime (onnxruntime-web's WASM build, where no native binary exists, e.g.
// 32-bit Raspberry Pi OS) runs the same training-step graph to the same numbers.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import * as ortNode from "onnxruntime-node";
import * as ortWeb from "onnxruntime-web";
import { expect, it } from "vitest";
import { prng, randn } from "../testing/models.ts";
import { relativeError } from "../testing/torch.ts";
import { buildTrainStep, splitModel } from "./index.ts";

type Ort = typeof ortNode | typeof ortWeb;

const model = readFileSync(
  fileURLToPath(new URL("../../../suites/standard-v1/models/unet2d-small/model.onnx", import.meta.url)),
);
const CUT = [
  "/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0",
  "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0",
];

it("onnxruntime-web (WASM) runs the unet2d-small Adam step to onnxruntime-node's numbers", async () => {
  const parts = splitModel(model, { trainableFrom: CUT });
  const step = buildTrainStep(parts, {
    loss: "softmax-cross-entropy",
    optimizer: { name: "adam", learningRate: 1e-3 },
  });
  const rand = prng(21);
  const a = randn(rand, 16 * 64 * 64, 1, 0.5);
  const b = randn(rand, 8 * 128 * 128, 1, 0.5);
  const labels = BigInt64Array.from({ length: 128 * 128 }, (_, i) => BigInt(i % 9));

  async function run(ort: Ort) {
    const T = ort.Tensor as typeof ortNode.Tensor;
    const s = await (ort.InferenceSession as typeof ortNode.InferenceSession).create(step.graph);
    const feeds: Record<string, ortNode.Tensor> = {
      [CUT[0] as string]: new T("float32", a, [1, 16, 64, 64]),
      [CUT[1] as string]: new T("float32", b, [1, 8, 128, 128]),
      target: new T("int64", labels, [1, 128, 128]),
    };
    for (const p of parts.params) feeds[p.name] = new T("float32", p.data, p.dims);
    for (const st of step.stateInit) feeds[st.name] = new T("float32", st.data, st.dims);
    const losses: number[] = [];
    for (let t = 1; t <= 2; t++) {
      feeds.step = new T("float32", Float32Array.of(t), []);
      const out = await s.run(feeds);
      const loss = out.loss;
      if (!loss) throw new Error("the step graph returned no loss");
      losses.push((loss.data as Float32Array)[0] ?? Number.NaN);
      for (const [from, to] of Object.entries(step.next)) feeds[from] = out[to] as ortNode.Tensor;
    }
    await s.release();
    return { losses, head: Float32Array.from(feeds["head.weight"]?.data as Float32Array) };
  }

  ortWeb.env.wasm.numThreads = 1;
  const native = await run(ortNode);
  const wasm = await run(ortWeb);
  expect(wasm.losses[0]).toBeCloseTo(native.losses[0] as number, 4);
  expect(wasm.losses[1]).toBeCloseTo(native.losses[1] as number, 4);
  const start = parts.params.find((p) => p.name === "head.weight")?.data as Float32Array;
  const delta = (x: Float32Array) => x.map((v, i) => v - (start[i] as number));
  expect(relativeError(delta(wasm.head), delta(native.head))).toBeLessThanOrEqual(1e-3);
});
