import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { createRuntime } from "../runtime/index.ts";
import type { TensorData } from "../runtime/types.ts";
import { ONE_THREAD_CPU } from "../testing/index.ts";
import { filledPath, runnableGraph } from "./cache.ts";
import { isSkeletonFile } from "./detect.ts";
import { fillSkeleton } from "./fill.ts";
import { initializers, parseModel } from "./model.ts";
import { BYTES_PER_ELEMENT, MODEL, SKELETON_KEY, TENSOR } from "./onnx.ts";
import { tensorStats } from "./stats.ts";
import { stripModel, stripModelBytes } from "./strip.ts";
import { readTensor, shellFields } from "./tensor.ts";
import { body, lengthDelimited, stringEntry } from "./wire.ts";

const suite = fileURLToPath(new URL("../../../suites/standard-v1/models/", import.meta.url));
/** Every graph of standard-v1 (semantic-2d, promptable-2d) and the semantic-3d-patch fixture. */
const graphs = [
  "unet2d-small/model.onnx",
  "unet2d-base/model.onnx",
  "litemedsam-phantom/encoder.onnx",
  "litemedsam-phantom/decoder.onnx",
  "../../../bench/fixtures/models/patch3d-tiny/model.onnx",
];
const dir = mkdtempSync(path.join(tmpdir(), "edgeseg-skeleton-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const options = ONE_THREAD_CPU;
const sha = (file: string) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function strippedTo(model: string): Promise<string> {
  const out = path.join(dir, `${path.basename(path.dirname(model))}-${path.basename(model)}.skel.onnx`);
  writeFileSync(out, (await stripModel(model)).skeleton);
  return out;
}

/** The graph's fields other than initializers, and each initializer without its values. */
function structure(file: string): Buffer[] {
  const m = parseModel(readFileSync(file), file);
  const g = body(m.bytes, m.graph);
  const inits = new Set(initializers(m));
  return m.graphFields.map((f) =>
    inits.has(f)
      ? Buffer.concat(shellFields(readTensor(body(g, f), file)))
      : Buffer.from(g.subarray(f.start, f.end)),
  );
}

async function outputsOf(file: string) {
  const runtime = await createRuntime("node", { logger: { warn: () => {} } });
  const session = await runtime.createSession(file, options);
  const feeds: Record<string, TensorData> = {};
  for (const input of session.inputs) {
    const dims = (input.shape ?? []).map((d) => (typeof d === "number" ? d : 1));
    const data = Float32Array.from({ length: dims.reduce((a, b) => a * b, 1) }, (_, i) => (i % 97) / 97);
    feeds[input.name] = { type: "float32", data, dims };
  }
  const out = await session.run(feeds);
  const io = { inputs: session.inputs, outputs: session.outputs };
  await session.release();
  return { io, out };
}

describe("skeleton strip → fill on the standard-v1 graphs", () => {
  it.each(graphs)(
    "%s: same graph and signature, no weight data in the skeleton, finite outputs",
    async (g) => {
      const model = path.join(suite, g);
      const skeleton = await strippedTo(model);
      const filled = path.join(dir, `${path.basename(skeleton)}.filled.onnx`);
      const fill = await fillSkeleton(skeleton, filled);
      expect(fill.skeletonSha256).toBe(sha(skeleton));
      expect(fill.sha256).toBe(sha(filled));
      // Weights gone: the skeleton is the model less every stripped value, plus the statistics' JSON
      // (a few bytes of framing either way).
      const { meta } = await stripModel(model);
      const values = meta.tensors.reduce((n, t) => n + t.count * BYTES_PER_ELEMENT[t.dtype], 0);
      expect(values).toBeGreaterThan(0);
      expect(statSync(skeleton).size).toBeLessThan(
        statSync(model).size - values + JSON.stringify(meta).length + 64,
      );
      expect(await isSkeletonFile(skeleton)).toBe(true);
      expect(await isSkeletonFile(model)).toBe(false);
      expect(await isSkeletonFile(filled)).toBe(false);
      // Nodes, inputs, outputs, value infos, initializer names/types/dims: byte for byte the original's.
      expect(structure(filled)).toEqual(structure(model));
      expect(structure(skeleton)).toEqual(structure(model));

      const original = await outputsOf(model);
      const synthetic = await outputsOf(filled);
      expect(synthetic.io).toEqual(original.io);
      for (const [name, t] of Object.entries(synthetic.out)) {
        expect(t.dims).toEqual(original.out[name]?.dims);
        const values = t.data as Float32Array;
        expect(values.length).toBeGreaterThan(0);
        expect(values.every(Number.isFinite)).toBe(true);
      }
    },
  );

  it("fills each tensor with the original's magnitude: mean and std close, within [min, max], no denormals", async () => {
    const model = path.join(suite, "unet2d-base/model.onnx");
    const skeleton = await strippedTo(model);
    const filled = path.join(dir, "magnitude.onnx");
    await fillSkeleton(skeleton, filled);
    const before = new Map((await stripModel(model)).meta.tensors.map((t) => [t.name, t]));
    const m = parseModel(readFileSync(filled), filled);
    const g = body(m.bytes, m.graph);
    let checked = 0;
    for (const f of initializers(m)) {
      const t = readTensor(body(g, f), filled);
      const want = before.get(t.name);
      if (!want) continue;
      const raw = body(t.bytes, t.fields.find((x) => x.no === TENSOR.rawData)!);
      const values = new Float32Array(Uint8Array.from(raw).buffer);
      expect(values.every((v) => v === 0 || Math.abs(v) >= 2 ** -126)).toBe(true);
      const got = tensorStats(t, 1, dir);
      expect(got.min).toBeGreaterThanOrEqual(Math.fround(want.min));
      expect(got.max).toBeLessThanOrEqual(Math.fround(want.max));
      if (want.count >= 1000) {
        expect(Math.abs(got.mean - want.mean)).toBeLessThan(0.15 * want.std + 1e-6);
        expect(got.std).toBeGreaterThan(0.8 * want.std);
        expect(got.std).toBeLessThan(1.1 * want.std + 1e-6);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("fills deterministically: the same skeleton gives the same bytes on every run (hash pinned)", async () => {
    const skeleton = await strippedTo(path.join(suite, "unet2d-small/model.onnx"));
    const a = await fillSkeleton(skeleton, path.join(dir, "a.onnx"));
    const b = await fillSkeleton(skeleton, path.join(dir, "b.onnx"));
    expect(a.sha256).toBe(b.sha256);
    expect(a.skeletonSha256).toBe("db5eafafef9e60234a6e854da36ff4028296446d718ba5b5bac252d6850bf7a1");
    expect(a.sha256).toBe("5466223140814f0d35100b732e63bdfda46b6ebc86ebd2a088f4be4f21b1e733");
  });

  it("caches the filled model by the skeleton's sha256 and loads a full model from its own path", async () => {
    const skeleton = await strippedTo(path.join(suite, "unet2d-small/model.onnx"));
    const cache = path.join(dir, "cache");
    const first = await runnableGraph({ path: skeleton, sha256: sha(skeleton) }, cache);
    expect(first).toEqual({ path: filledPath(cache, sha(skeleton)), synthetic: true });
    const mtime = statSync(first.path).mtimeMs;
    const again = await runnableGraph({ path: skeleton, sha256: sha(skeleton) }, cache);
    expect(statSync(again.path).mtimeMs).toBe(mtime);
    const full = path.join(suite, "unet2d-small/model.onnx");
    expect(await runnableGraph({ path: full, sha256: sha(full) }, cache)).toEqual({
      path: full,
      synthetic: false,
    });
    // A cached copy whose bytes changed is filled again before use.
    writeFileSync(first.path, "damaged");
    await runnableGraph({ path: skeleton, sha256: sha(skeleton) }, cache);
    expect(sha(first.path)).toBe("5466223140814f0d35100b732e63bdfda46b6ebc86ebd2a088f4be4f21b1e733");
  });
});

describe("external data", () => {
  /** Moves every initializer's raw_data into `weights.bin` the way onnx.save(save_as_external_data) does. */
  function externalise(model: string, out: string): void {
    const m = parseModel(readFileSync(model), model);
    const g = body(m.bytes, m.graph);
    const inits = new Set(initializers(m));
    const blobs: Buffer[] = [];
    let offset = 0;
    const parts = m.graphFields.map((f) => {
      if (!inits.has(f)) return g.subarray(f.start, f.end);
      const t = readTensor(body(g, f), model);
      const raw = Buffer.from(body(t.bytes, t.fields.find((x) => x.no === TENSOR.rawData)!));
      blobs.push(raw);
      const entries = [
        stringEntry("location", "weights.bin"),
        stringEntry("offset", String(offset)),
        stringEntry("length", String(raw.length)),
      ].map((e) => lengthDelimited(TENSOR.externalData, e));
      offset += raw.length;
      return lengthDelimited(
        5,
        Buffer.concat([...shellFields(t), ...entries, Buffer.from([TENSOR.dataLocation << 3, 1])]),
      );
    });
    const top = m.fields.map((f) =>
      f === m.graph ? lengthDelimited(MODEL.graph, Buffer.concat(parts)) : m.bytes.subarray(f.start, f.end),
    );
    writeFileSync(out, Buffer.concat(top));
    writeFileSync(path.join(path.dirname(out), "weights.bin"), Buffer.concat(blobs));
  }

  it("reads statistics from the external file and keeps no data", async () => {
    const model = path.join(suite, "unet2d-small/model.onnx");
    const ext = path.join(dir, "external.onnx");
    externalise(model, ext);
    const inline = await stripModel(model);
    const external = await stripModel(ext);
    expect(external.meta.tensors).toEqual(inline.meta.tensors);
    expect(external.skeleton.length).toBeLessThan(inline.skeleton.length + 100);
    const skeleton = path.join(dir, "external.skel.onnx");
    writeFileSync(skeleton, external.skeleton);
    const filled = path.join(dir, "external.filled.onnx");
    await fillSkeleton(skeleton, filled);
    expect((await outputsOf(filled)).io).toEqual((await outputsOf(model)).io);
  });

  it("refuses in one line when the external file is missing", async () => {
    const lone = mkdtempSync(path.join(tmpdir(), "edgeseg-skeleton-lone-"));
    const ext = path.join(lone, "external.onnx");
    externalise(path.join(suite, "unet2d-small/model.onnx"), ext);
    writeFileSync(path.join(lone, "weights.bin"), "");
    const err = await stripModel(ext).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(/external data in .*weights\.bin .* does not hold \d+ bytes/);
  });
});

describe("refusals", () => {
  const oneLine = async (p: Promise<unknown>, pattern: RegExp) => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe("INPUT");
    expect((err as AppError).message).not.toContain("\n");
    expect((err as AppError).message).toMatch(pattern);
  };

  it("a skeleton whose statistics are missing", async () => {
    const model = path.join(suite, "unet2d-small/model.onnx");
    const { meta } = await stripModel(model);
    const bytes = stripModelBytes(readFileSync(model), model).skeleton;
    // Same skeleton with the first tensor's statistics removed from its metadata.
    const m = parseModel(bytes, "x");
    const partial = { ...meta, tensors: meta.tensors.slice(1) };
    const top: Uint8Array[] = m.fields
      .filter((f) => f.no !== MODEL.metadataProps)
      .map((f) => bytes.subarray(f.start, f.end));
    top.push(lengthDelimited(MODEL.metadataProps, stringEntry(SKELETON_KEY, JSON.stringify(partial))));
    const file = path.join(dir, "missing-stats.onnx");
    writeFileSync(file, Buffer.concat(top));
    await oneLine(
      fillSkeleton(file, path.join(dir, "never.onnx")),
      new RegExp(`initializer "${meta.tensors[0]!.name}" has no data and no statistics`),
    );
    // No statistics at all: a plain model is not a skeleton.
    await oneLine(fillSkeleton(model, path.join(dir, "never.onnx")), /not an edgeseg skeleton/);
    // Statistics that are not what strip writes.
    const bad = Buffer.concat([
      ...m.fields.filter((f) => f.no !== MODEL.metadataProps).map((f) => bytes.subarray(f.start, f.end)),
      lengthDelimited(MODEL.metadataProps, stringEntry(SKELETON_KEY, JSON.stringify({ ...meta, seed: -1 }))),
    ]);
    writeFileSync(file, bad);
    await oneLine(fillSkeleton(file, path.join(dir, "never.onnx")), /statistics are invalid \(seed:/);
    expect(statSync(path.join(dir, "never.onnx"), { throwIfNoEntry: false })).toBeUndefined();
  });

  it("a file that is not ONNX", async () => {
    const text = path.join(dir, "notes.onnx");
    writeFileSync(text, "this is a text file, not a model\n");
    await oneLine(stripModel(text), /is not an ONNX model/);
    await oneLine(fillSkeleton(text, path.join(dir, "never.onnx")), /is not an ONNX model/);
    const json = path.join(suite, "unet2d-small/manifest.json");
    await oneLine(stripModel(json), /is not an ONNX model/);
    await oneLine(stripModel(path.join(dir, "absent.onnx")), /not found/);
    const skeleton = await strippedTo(path.join(suite, "unet2d-small/model.onnx"));
    await oneLine(stripModel(skeleton), /already a skeleton/);
  });
});
