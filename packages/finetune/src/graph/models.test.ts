// Whole trainable parts of the standard-v1 models: gradients against torch autograd on the committed
// weights, the optimizer update against torch.optim, and a loss that falls on a fixed batch.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { prng, randn } from "../testing/models.ts";
import { floats, runModel, scalar, trainSteps } from "../testing/run.ts";
import { type Feed, relativeError, torchMissing, torchReference } from "../testing/torch.ts";
import { buildTrainStep, type ModelParts, splitModel } from "./index.ts";

const models = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../suites/standard-v1/models/${file}`, import.meta.url)));

const UNET_CUT = [
  "/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0",
  "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0",
];
const DECODER_CUT = ["/Concat_1_output_0"];

/** A synthetic batch (seeded noise images, a blocky label map): not phantom data, the gradients' inputs. */
async function unetBatch(parts: ModelParts, n: number) {
  const rand = prng(7);
  const image = { dims: [n, 1, 128, 128], data: randn(rand, n * 128 * 128, 0.5, 0.3) };
  const cut = await runModel(parts.frozen, { image });
  const feeds: Record<string, Feed> = {};
  for (const name of parts.cutInputs) {
    const t = cut[name];
    if (!t) throw new Error(`frozen part did not produce ${name}`);
    feeds[name] = { dims: [...t.dims], data: floats(t) };
  }
  const labels = new BigInt64Array(n * 128 * 128);
  for (let i = 0; i < labels.length; i++) {
    const y = Math.floor((i % (128 * 128)) / 128);
    const x = i % 128;
    labels[i] = BigInt((Math.floor(y / 32) * 4 + Math.floor(x / 32)) % 9);
  }
  feeds.target = { dims: [n, 128, 128], data: labels };
  return feeds;
}

async function decoderBatch(parts: ModelParts) {
  const rand = prng(11);
  const image = { dims: [1, 3, 256, 256], data: randn(rand, 3 * 256 * 256, 100, 120) };
  const emb = (await runModel(models("litemedsam-phantom/encoder.onnx"), { image })).image_embeddings;
  if (!emb) throw new Error("encoder produced no embeddings");
  const boxes = { dims: [1, 4], data: Float32Array.of(60, 80, 170, 200) };
  const cut = await runModel(parts.frozen, {
    image_embeddings: { dims: [...emb.dims], data: floats(emb) },
    boxes,
  });
  const feeds: Record<string, Feed> = {};
  for (const name of parts.cutInputs) {
    const t = cut[name];
    if (!t) throw new Error(`frozen part did not produce ${name}`);
    feeds[name] = { dims: [...t.dims], data: floats(t) };
  }
  // The target is not where the prompt box is: near a loss minimum a float32 gradient is a difference of
  // nearly equal sums (torch's own float32 head-bias gradient is then 3e-4 off its float64 one), and the
  // check is about the gradient rules, not float32 cancellation.
  const mask = new Float32Array(256 * 256);
  for (let y = 150; y < 250; y++) for (let x = 10; x < 120; x++) mask[y * 256 + x] = 1;
  feeds.target = { dims: [1, 1, 256, 256], data: mask };
  return feeds;
}

const missing = torchMissing();
if (missing) console.warn(missing);

describe.skipIf(missing !== null)("trainable parts of the standard-v1 models against torch", () => {
  const unet = splitModel(models("unet2d-small/model.onnx"), { trainableFrom: UNET_CUT });
  const decoder = splitModel(models("litemedsam-phantom/decoder.onnx"), { trainableFrom: DECODER_CUT });
  let unetFeeds: Record<string, Feed>;
  let decoderFeeds: Record<string, Feed>;

  beforeAll(async () => {
    unetFeeds = await unetBatch(unet, 2);
    decoderFeeds = await decoderBatch(decoder);
  }, 120_000);

  it.each([
    ["unet2d-small, last decoder stage + head, softmax cross-entropy", "unet", "softmax-cross-entropy"],
    ["litemedsam-phantom, mask decoder, sigmoid BCE + soft Dice", "decoder", "sigmoid-bce-dice"],
  ] as const)("%s: every parameter's gradient within 1e-4 relative error", async (_n, which, loss) => {
    const parts = which === "unet" ? unet : decoder;
    const feeds = which === "unet" ? unetFeeds : decoderFeeds;
    const step = buildTrainStep(parts, {
      loss,
      optimizer: { name: "sgd", learningRate: 0.01 },
      emitGradients: true,
    });
    const [out] = await trainSteps(parts, step, feeds, 1);
    if (!out) throw new Error("no step output");
    const params = parts.params.map((p) => p.name);
    const ref = (
      await torchReference([{ id: which, kind: "grad", model: parts.trainable, params, loss, feeds }])
    ).get(which);
    expect(Math.abs(scalar(out.loss) - (ref?.loss as number))).toBeLessThanOrEqual(
      1e-3 * Math.abs(ref?.loss as number),
    );
    // Context for the numbers: torch's own float32 gradients against its float64 ones.
    const ref32 = (
      await torchReference([{ id: which, kind: "grad", model: parts.trainable, params, loss, feeds }], {
        dtype: "float32",
      })
    ).get(which);
    const theirs = (name: string) => ref?.tensors.get(name) as Float32Array;
    const largest = Math.max(...params.map((n) => Math.hypot(...theirs(n))));
    const errors: Record<string, number> = {};
    let torch32 = 0;
    for (const name of params) {
      const ours = floats(out[`${name}.grad`] as never);
      // A conv bias feeding an InstanceNormalization has a zero gradient (the normalisation subtracts
      // any per-channel constant): relative error is undefined there, so both must be zero up to
      // rounding, measured against the part's largest gradient.
      if (Math.hypot(...theirs(name)) <= 1e-6 * largest) {
        expect(Math.hypot(...ours) / largest, `${name} (zero gradient)`).toBeLessThanOrEqual(1e-4);
      } else {
        errors[name] = relativeError(ours, theirs(name));
        torch32 = Math.max(torch32, relativeError(ref32?.tensors.get(name) as Float32Array, theirs(name)));
      }
    }
    console.log(
      `${which}: ${Object.keys(errors).length}/${params.length} nonzero parameter gradients, worst relative error ${Math.max(...Object.values(errors)).toExponential(2)} (torch float32 vs float64: ${torch32.toExponential(2)})`,
    );
    for (const [name, err] of Object.entries(errors)) expect(err, name).toBeLessThanOrEqual(1e-4);
  });

  it.each([
    ["adam", 1e-3],
    ["sgd", 0.05],
  ] as const)("%s: two updates equal torch.optim's", async (name, lr) => {
    const step = buildTrainStep(unet, {
      loss: "softmax-cross-entropy",
      optimizer: { name, learningRate: lr },
      emitGradients: true,
    });
    const outs = await trainSteps(unet, step, unetFeeds, 2);
    const grads = outs.map((o) => unet.params.map((p) => floats(o[`${p.name}.grad`] as never)));
    const ref = (
      await torchReference([{ id: name, kind: "optim", optimizer: { name, lr }, params: unet.params, grads }])
    ).get(name);
    let worst = 0;
    unet.params.forEach((p, i) => {
      let before = p.data;
      outs.forEach((o, s) => {
        const ours = floats(o[step.next[p.name] as string] as never);
        const theirs = ref?.tensors.get(`${p.name}@${s + 1}`) as Float32Array;
        // Compare the updates (not the parameters, which barely move): ours - before vs theirs - before.
        const d1 = ours.map((v, k) => v - (before[k] as number));
        const d2 = theirs.map((v, k) => v - (before[k] as number));
        const err = relativeError(d1, d2);
        worst = Math.max(worst, err);
        expect(err, `${p.name} step ${s + 1}`).toBeLessThanOrEqual(1e-4);
        before = ours;
        void i;
      });
    });
    console.log(`${name}: worst relative update error ${worst.toExponential(2)}`);
  });
});

describe("training on a fixed batch", () => {
  it("unet2d-small's loss falls over 20 Adam steps", async () => {
    const parts = splitModel(models("unet2d-small/model.onnx"), { trainableFrom: UNET_CUT });
    const feeds = await unetBatch(parts, 2);
    const step = buildTrainStep(parts, {
      loss: "softmax-cross-entropy",
      optimizer: { name: "adam", learningRate: 3e-3 },
    });
    const t0 = performance.now();
    const losses = (await trainSteps(parts, step, feeds, 20)).map((o) => scalar(o.loss));
    console.log(
      `unet2d-small, batch 2 at 128x128, 20 steps in ${(performance.now() - t0).toFixed(0)} ms (measured, machine shared): loss ${losses.map((l) => l.toFixed(3)).join(" ")}`,
    );
    expect(losses[19]).toBeLessThan((losses[0] as number) * 0.8);
    // Mostly downhill: at most a few steps go up (Adam overshoots a little).
    const ups = losses.slice(1).filter((l, i) => l > (losses[i] as number)).length;
    expect(ups).toBeLessThanOrEqual(3);
  });
});
