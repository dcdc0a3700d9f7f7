import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { createRuntime } from "./create.ts";
import type { BackendName, RuntimeOptions, TensorData } from "./types.ts";

const models = fileURLToPath(new URL("../../../bench/fixtures/models/", import.meta.url));
const thresholdSeg = `${models}threshold-seg/model.onnx`;
const quiet = { warn: () => {} };
const base: RuntimeOptions = {
  intraOpThreads: 1,
  graphOptimizationLevel: "all",
  executionProviders: ["cpu"],
  memoryArena: true,
  memoryPattern: true,
};

/** Argmax over the 3 class logits of threshold-seg for pixel i of image b. */
function classAt(logits: TensorData, b: number, i: number): number {
  const d = logits.data as Float32Array;
  const v = [0, 1, 2].map((c) => d[(b * 3 + c) * 4096 + i]!);
  return v.indexOf(Math.max(...v));
}

describe.each<BackendName>(["node", "wasm"])("%s runtime on the fixture models", (backend) => {
  it("segments by intensity band with a dynamic batch and exposes the graph's metadata", async () => {
    const runtime = await createRuntime(backend, { logger: quiet });
    expect(runtime.version).toBe("1.30.0");
    const session = await runtime.createSession(thresholdSeg, base);
    expect(session.inputs).toEqual([{ name: "image", elementType: "float32", shape: ["batch", 1, 64, 64] }]);
    expect(session.outputs).toEqual([
      { name: "logits", elementType: "float32", shape: ["batch", 3, 64, 64] },
    ]);
    expect(session.executionProvider).toBe(backend === "node" ? "cpu" : "wasm");
    expect(session.fallbackReasons).toEqual([]);
    const data = new Float32Array(2 * 4096);
    const values = [0.1, 0.39, 0.41, 0.6, 0.64, 0.66, 0.95, 1.7, -3];
    values.forEach((v, i) => {
      data[i] = v;
      data[4096 + i] = 1 - v;
    });
    const out = await session.run({ image: { type: "float32", data, dims: [2, 1, 64, 64] } });
    expect(out.logits?.dims).toEqual([2, 3, 64, 64]);
    expect(values.map((_, i) => classAt(out.logits!, 0, i))).toEqual([0, 0, 1, 1, 1, 2, 2, 2, 0]);
    // 1 - v: 0.9, 0.61, 0.59, 0.4 (boundary: class 0), 0.36, 0.34, 0.05, -0.7, 4
    expect(values.map((_, i) => classAt(out.logits!, 1, i))).toEqual([2, 1, 1, 0, 0, 0, 0, 0, 2]);
    await session.release();
  });

  it("runs the box-prompt encoder and decoder: positive logits only in bright blocks inside the box", async () => {
    const runtime = await createRuntime(backend, { logger: quiet });
    const encoder = await runtime.createSession(`${models}box-prompt/encoder.onnx`, base);
    const decoder = await runtime.createSession(`${models}box-prompt/decoder.onnx`, base);
    expect(decoder.inputs.map((i) => [i.name, i.shape])).toEqual([
      ["embeddings", [1, 8, 16, 16]],
      ["boxes", [1, 4]],
    ]);
    const image = new Float32Array(3 * 4096);
    for (let c = 0; c < 3; c++)
      for (let y = 0; y < 64; y++)
        for (let x = 0; x < 64; x++) image[c * 4096 + y * 64 + x] = x < 32 && y < 32 ? 1 : 0;
    const { embeddings } = await encoder.run({
      image: { type: "float32", data: image, dims: [1, 3, 64, 64] },
    });
    const boxes = new Float32Array([10, 10, 50, 50]);
    const { masks } = await decoder.run({
      embeddings: embeddings!,
      boxes: { type: "float32", data: boxes, dims: [1, 4] },
    });
    const m = masks!.data as Float32Array;
    let positive = 0;
    for (const v of m) if (v > 0) positive++;
    // Pixel centres 10.5 … 31.5 on each axis are both bright and inside the box: 22 × 22.
    expect(positive).toBe(22 * 22);
    expect(m[20 * 64 + 20]).toBeGreaterThan(0);
    expect(m[40 * 64 + 40]).toBeLessThan(0);
    await Promise.all([encoder.release(), decoder.release()]);
  });

  it("falls back to its CPU provider when a requested provider is missing, and says why", async () => {
    const runtime = await createRuntime(backend, { logger: quiet });
    const session = await runtime.createSession(thresholdSeg, {
      ...base,
      executionProviders: ["tensorrt", "cpu"],
    });
    expect(session.executionProvider).toBe(backend === "node" ? "cpu" : "wasm");
    expect(session.fallbackReasons).toHaveLength(1);
    expect(session.fallbackReasons[0]).toMatch(/"tensorrt" is not available/);
    await session.release();
  });

  it("honours the other session options (no optimisation, no arena, no memory pattern)", async () => {
    const runtime = await createRuntime(backend, { logger: quiet });
    const options: RuntimeOptions = {
      ...base,
      graphOptimizationLevel: "disabled",
      memoryArena: false,
      memoryPattern: false,
    };
    const session = await runtime.createSession(thresholdSeg, options);
    const query = session.prepare({
      image: { type: "float32", data: new Float32Array(4096).fill(0.5), dims: [1, 1, 64, 64] },
    });
    const out = (await query()) as Record<string, { data: Float32Array }>;
    expect(out.logits?.data[4096]).toBeCloseTo(8 * (0.5 - 0.4), 5);
    await session.release();
  });

  it("names the file when it is missing or not an ONNX model", async () => {
    const runtime = await createRuntime(backend, { logger: quiet });
    const missing = `${models}no-such-model.onnx`;
    await expect(runtime.createSession(missing, base)).rejects.toThrow(new RegExp(`not found: ${missing}`));
    const broken = runtime.createSession(`${models}broken.onnx`, base);
    await expect(broken).rejects.toBeInstanceOf(AppError);
    await expect(broken).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("broken.onnx"),
    });
    await expect(broken).rejects.toThrow(/protobuf parsing failed/i);
  });
});

describe("wasm runtime threads", () => {
  it("refuses a second thread count in the same process instead of measuring with the wrong one", async () => {
    const runtime = await createRuntime("wasm", { logger: quiet });
    const session = await runtime.createSession(thresholdSeg, base);
    await session.release();
    await expect(runtime.createSession(thresholdSeg, { ...base, intraOpThreads: 2 })).rejects.toMatchObject({
      code: "USAGE",
      message: expect.stringContaining("already runs with 1 thread"),
    });
  });
});
