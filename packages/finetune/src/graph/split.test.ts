import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { opModel, prng, randn } from "../testing/models.ts";
import { floats, runModel } from "../testing/run.ts";
import { int } from "./builder.ts";
import { applyParams, buildTrainStep, countParameters, splitModel } from "./index.ts";

const models = (file: string) =>
  readFileSync(fileURLToPath(new URL(`../../../suites/standard-v1/models/${file}`, import.meta.url)));
const UNET_CUT = [
  "/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0",
  "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0",
];

const maxDiff = (a: Float32Array, b: Float32Array) =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - (b[i] as number))), 0);

describe("splitModel", () => {
  it("unet2d-small: frozen then trainable computes the whole model; parameters counted", async () => {
    const full = models("unet2d-small/model.onnx");
    const parts = splitModel(full, { trainableFrom: UNET_CUT });
    expect(parts.cutInputs).toEqual(UNET_CUT);
    expect(parts.outputs).toEqual(["logits"]);
    expect(parts.params.map((p) => p.name)).toEqual([
      "up.2.weight",
      "up.2.bias",
      "merge.2.0.0.weight",
      "merge.2.0.0.bias",
      "merge.2.0.1.weight",
      "merge.2.0.1.bias",
      "merge.2.1.0.weight",
      "merge.2.1.0.bias",
      "merge.2.1.1.weight",
      "merge.2.1.1.bias",
      "head.weight",
      "head.bias",
    ]);
    expect(parts.trainableParameters).toBe(
      16 * 8 * 4 + 8 + 8 * 16 * 9 + 8 + 16 + 8 * 8 * 9 + 8 + 16 + 9 * 8 + 9,
    );
    // The manifest's count: 121457 parameters in all.
    expect(parts.trainableParameters + parts.frozenParameters).toBe(121457);

    const image = { dims: [2, 1, 128, 128], data: randn(prng(3), 2 * 128 * 128, 0.5, 0.3) };
    const whole = (await runModel(full, { image })).logits;
    const cut = await runModel(parts.frozen, { image });
    const feeds = Object.fromEntries(
      parts.cutInputs.map((n) => [n, { dims: [...(cut[n]?.dims ?? [])], data: floats(cut[n] as never) }]),
    );
    const split = (await runModel(parts.trainable, feeds)).logits;
    expect(split?.dims).toEqual([2, 9, 128, 128]);
    expect(maxDiff(floats(split as never), floats(whole as never))).toBeLessThanOrEqual(1e-5);
  });

  it("litemedsam-phantom decoder: the prompt stays frozen, the mask decoder is trainable", async () => {
    const full = models("litemedsam-phantom/decoder.onnx");
    const parts = splitModel(full, { trainableFrom: ["/Concat_1_output_0"] });
    expect(parts.cutInputs).toEqual(["/Concat_1_output_0"]);
    // GroupNorm's affine parameters (Mul/Add initializers) train; its Constant 1/0 scales stay constants.
    expect(parts.params.filter((p) => p.name.startsWith("onnx::")).length).toBe(8);
    expect(parts.trainableParameters).toBe(32065);
    // The manifest's count for the pair is 93121 learned parameters (the encoder is frozen whole); the
    // float initializers hold 134 more values that are buffers, not learned: the encoder's pixel mean
    // and std (3 + 3) and the decoder's two 64-value coordinate grids.
    const encoder = countParameters(models("litemedsam-phantom/encoder.onnx"));
    expect(encoder + parts.frozenParameters + parts.trainableParameters).toBe(93121 + 134);
    const feeds = {
      image_embeddings: { dims: [1, 32, 64, 64], data: randn(prng(5), 32 * 64 * 64) },
      boxes: { dims: [1, 4], data: Float32Array.of(40, 50, 160, 220) },
    };
    const whole = (await runModel(full, feeds)).masks;
    const cut = (await runModel(parts.frozen, feeds))["/Concat_1_output_0"];
    const split = (
      await runModel(parts.trainable, {
        "/Concat_1_output_0": { dims: [...(cut?.dims ?? [])], data: floats(cut as never) },
      })
    ).masks;
    expect(maxDiff(floats(split as never), floats(whole as never))).toBeLessThanOrEqual(1e-5);
  });

  it("refuses a cut it cannot make, in one line", () => {
    const full = models("unet2d-small/model.onnx");
    expect(() => splitModel(full, { trainableFrom: [] })).toThrow(/trainableFrom is empty/);
    expect(() => splitModel(full, { trainableFrom: ["/nope"] })).toThrow(
      /"\/nope" is not produced by any node/,
    );
    expect(() => splitModel(Buffer.from("not a model"), { trainableFrom: ["x"] })).toThrow(AppError);
  });

  it("applyParams puts trained values back into the whole model", async () => {
    const full = models("unet2d-small/model.onnx");
    const parts = splitModel(full, { trainableFrom: UNET_CUT });
    const bias = parts.params.find((p) => p.name === "head.bias");
    if (!bias) throw new Error("no head.bias");
    const moved = applyParams(full, [{ ...bias, data: bias.data.map((v) => v + 1) }]);
    const image = { dims: [1, 1, 128, 128], data: randn(prng(9), 128 * 128) };
    const before = floats((await runModel(full, { image })).logits as never);
    const after = floats((await runModel(moved, { image })).logits as never);
    // Every logit moves by the bias change, exactly up to float32 rounding.
    expect(
      maxDiff(
        after.map((v) => v - 1),
        before,
      ),
    ).toBeLessThanOrEqual(1e-5);
    expect(() => applyParams(full, [{ name: "head.bias", dims: [3], data: new Float32Array(3) }])).toThrow(
      /dims \[3\]/,
    );
    expect(() => applyParams(full, [{ name: "nope", dims: [1], data: new Float32Array(1) }])).toThrow(
      /no initializer named nope/,
    );
  });
});

describe("buildTrainStep", () => {
  const rand = prng(1);
  const withOp = (op: string) =>
    opModel({
      xDims: [1, 2, 4, 4],
      nodes: [
        { op: "Conv", inputs: ["x1", "w"], output: "c" },
        { op, inputs: ["c"], output: "y", attrs: op === "ReduceMax" ? [int("keepdims", 1)] : [] },
      ],
      inits: { w: { dims: [2, 2, 1, 1], data: randn(rand, 4) } },
      rand,
    });

  it("refuses an op with no gradient rule on the trainable path, naming the op and the node", () => {
    const parts = splitModel(withOp("Cos"), { trainableFrom: ["x"] });
    let message = "";
    try {
      buildTrainStep(parts, { loss: "weighted-sum", optimizer: { name: "sgd", learningRate: 0.1 } });
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^node "n3_Cos" \(Cos\): no gradient rule for Cos; move the cut/);
    expect(message).not.toContain("\n");
  });

  it("names the inputs and outputs a loop feeds back, with zeroed Adam state", () => {
    const parts = splitModel(models("unet2d-small/model.onnx"), { trainableFrom: UNET_CUT });
    const step = buildTrainStep(parts, {
      loss: "softmax-cross-entropy",
      optimizer: { name: "adam", learningRate: 1e-3 },
    });
    expect(step.targetType).toBe("int64");
    expect(step.inputNames.slice(0, 3)).toEqual([...UNET_CUT, "target"]);
    expect(step.inputNames.at(-1)).toBe("step");
    expect(step.outputNames[0]).toBe("loss");
    expect(step.stateInit.map((s) => s.name).slice(0, 2)).toEqual([
      "up.2.weight.adam_m",
      "up.2.weight.adam_v",
    ]);
    expect(step.stateInit.every((s) => s.data.every((v) => v === 0))).toBe(true);
    expect(step.next["head.bias"]).toBe("head.bias.next");
    expect(Object.keys(step.next)).toHaveLength(parts.params.length * 3);
  });

  it("refuses a learning rate that is not positive", () => {
    const parts = splitModel(models("unet2d-small/model.onnx"), { trainableFrom: UNET_CUT });
    expect(() =>
      buildTrainStep(parts, { loss: "softmax-cross-entropy", optimizer: { name: "sgd", learningRate: 0 } }),
    ).toThrow(/learning rate 0 is not a positive number/);
  });
});
