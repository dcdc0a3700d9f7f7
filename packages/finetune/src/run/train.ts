import { mulberry32 } from "@edgeseg/bench";
import * as ort from "onnxruntime-node";
import type { ModelParts, NamedTensor, TrainStep } from "../graph/index.ts";
import { applyParams } from "../graph/index.ts";
import type { Sample } from "./samples.ts";
import { bytesOf, fromOrt, type HostTensor, shuffle, stack, toOrt } from "./tensors.ts";

/** A sample after the frozen part: the trainable part's inputs, held in memory for every epoch. */
export interface CachedSample {
  cut: Record<string, HostTensor>;
  target: HostTensor;
}

export const sessionOptions = (threads: number): ort.InferenceSession.SessionOptions => ({
  graphOptimizationLevel: "all",
  ...(threads > 0 ? { intraOpNumThreads: threads, interOpNumThreads: 1 } : {}),
});

/** Runs the frozen part once per sample; returns the cached cut tensors and the bytes they hold. */
export async function frozenPass(
  parts: ModelParts,
  samples: readonly Sample[],
  threads: number,
): Promise<{ cached: CachedSample[]; bytes: number }> {
  const frozen = await ort.InferenceSession.create(parts.frozen, sessionOptions(threads));
  const cached: CachedSample[] = [];
  let bytes = 0;
  try {
    for (const s of samples) {
      const feeds: Record<string, ort.Tensor> = {};
      for (const name of frozen.inputNames) {
        const t = s.feeds[name];
        if (!t) throw new Error(`the frozen part needs input ${name}, which the sample lacks`);
        feeds[name] = toOrt(t);
      }
      const out = await frozen.run(feeds);
      const cut: Record<string, HostTensor> = {};
      for (const name of parts.cutInputs) {
        const t = out[name] ?? (s.feeds[name] ? toOrt(s.feeds[name] as HostTensor) : undefined);
        if (!t) throw new Error(`neither the frozen part nor the sample gives ${name}`);
        cut[name] = fromOrt(t as ort.Tensor);
        bytes += bytesOf(cut[name] as HostTensor);
      }
      bytes += bytesOf(s.target);
      cached.push({ cut, target: s.target });
    }
  } finally {
    await frozen.release();
  }
  return { cached, bytes };
}

/** Validation score of the trainable part with the given parameters (mean Dice, see validationDice). */
export type Validate = (params: readonly NamedTensor[]) => Promise<number>;

/**
 * Mean Dice of the trainable part on cached validation samples: semantic models pool each organ's
 * pixels over all validation slices (argmax of the logits), promptable models average the per-box
 * Dice of the thresholded mask logits.
 */
export function validator(
  parts: ModelParts,
  samples: readonly CachedSample[],
  kind: "semantic" | "promptable",
  threads: number,
  maskThreshold = 0,
): Validate {
  return async (params) => {
    if (samples.length === 0) return 0;
    const session = await ort.InferenceSession.create(
      applyParams(parts.trainable, params),
      sessionOptions(threads),
    );
    try {
      const inter = new Float64Array(256);
      const sums = new Float64Array(256);
      const boxDice: number[] = [];
      for (const s of samples) {
        const out = (
          await session.run(
            Object.fromEntries(parts.cutInputs.map((n) => [n, toOrt(s.cut[n] as HostTensor)])),
          )
        )[parts.outputs[0] as string] as ort.Tensor;
        const logits = out.data as Float32Array;
        if (kind === "promptable") {
          const t = s.target.data as Float32Array;
          let i = 0;
          let a = 0;
          let b = 0;
          for (let p = 0; p < t.length; p++) {
            const pred = (logits[p] as number) > maskThreshold ? 1 : 0;
            i += pred * (t[p] as number);
            a += pred;
            b += t[p] as number;
          }
          boxDice.push(a + b === 0 ? 1 : (2 * i) / (a + b));
        } else {
          const classes = out.dims[1] as number;
          const plane = logits.length / classes;
          const t = s.target.data as BigInt64Array;
          for (let p = 0; p < plane; p++) {
            let best = 0;
            for (let c = 1; c < classes; c++)
              if ((logits[c * plane + p] as number) > (logits[best * plane + p] as number)) best = c;
            const truth = Number(t[p]);
            if (best === truth) inter[best]! += 1;
            sums[best]! += 1;
            sums[truth]! += 1;
          }
        }
      }
      if (kind === "promptable") return boxDice.reduce((x, y) => x + y, 0) / boxDice.length;
      const organs: number[] = [];
      for (let c = 1; c < 256; c++)
        if ((sums[c] as number) > 0) organs.push((2 * (inter[c] as number)) / (sums[c] as number));
      return organs.length === 0 ? 0 : organs.reduce((x, y) => x + y, 0) / organs.length;
    } finally {
      await session.release();
    }
  };
}

export interface TrainOutcome {
  params: NamedTensor[];
  steps: number;
  epochs: number;
  stepMs: number[];
  epochMs: number[];
  losses: number[];
  /** Validation Dice before training (index 0) and after each epoch. */
  validation: number[];
  /** Steps done and training ms at the end of each epoch (index 0: before training). */
  marks: { step: number; ms: number }[];
}

/**
 * Epochs of training steps through the step graph: each step feeds a batch of cached cut tensors and
 * targets plus the current parameters and optimizer state, and feeds the graph's next values back in.
 */
export async function trainLoop(opts: {
  parts: ModelParts;
  step: TrainStep;
  samples: readonly CachedSample[];
  batchSize: number;
  epochs: number;
  maxSteps: number;
  threads: number;
  seed: number;
  validate: Validate;
  /** ms already spent (frozen pass) when the loop starts, for the plateau's time. */
  startMs: number;
  onEpoch?: (epoch: number, steps: number, loss: number, validation: number) => void;
}): Promise<TrainOutcome> {
  const { parts, step } = opts;
  const session = await ort.InferenceSession.create(step.graph, sessionOptions(opts.threads));
  const state: Record<string, ort.Tensor> = {};
  const f32 = (t: NamedTensor) => new ort.Tensor("float32", Float32Array.from(t.data), t.dims);
  for (const p of parts.params) state[p.name] = f32(p);
  for (const s of step.stateInit) state[s.name] = f32(s);
  const current = (): NamedTensor[] =>
    parts.params.map((p) => ({
      name: p.name,
      dims: p.dims,
      data: (state[p.name] as ort.Tensor).data as Float32Array,
    }));
  const random = mulberry32(opts.seed ^ 0x5a5a);
  const out: TrainOutcome = {
    params: [],
    steps: 0,
    epochs: 0,
    stepMs: [],
    epochMs: [],
    losses: [],
    validation: [await opts.validate(current())],
    marks: [{ step: 0, ms: opts.startMs }],
  };
  const t0 = performance.now() - opts.startMs;
  try {
    for (let epoch = 1; epoch <= opts.epochs && out.steps < opts.maxSteps; epoch++) {
      const order = shuffle(
        opts.samples.map((_, i) => i),
        random,
      );
      const e0 = performance.now();
      let at = 0;
      for (; at < order.length && out.steps < opts.maxSteps; at += opts.batchSize) {
        const batch = order.slice(at, at + opts.batchSize).map((i) => opts.samples[i] as CachedSample);
        const feeds: Record<string, ort.Tensor> = { ...state };
        for (const name of parts.cutInputs)
          feeds[name] = toOrt(stack(batch.map((s) => s.cut[name] as HostTensor)));
        feeds.target = toOrt(stack(batch.map((s) => s.target)));
        feeds.step = new ort.Tensor("float32", Float32Array.of(out.steps + 1), []);
        const s0 = performance.now();
        const result = await session.run(feeds);
        out.stepMs.push(performance.now() - s0);
        out.steps++;
        out.losses.push(((result.loss as ort.Tensor).data as Float32Array)[0] as number);
        for (const [from, to] of Object.entries(step.next)) state[from] = result[to] as ort.Tensor;
      }
      // An epoch cut short by maxSteps is not a whole epoch: its time is not an epoch's time.
      if (at >= order.length) out.epochMs.push(performance.now() - e0);
      out.epochs = epoch;
      const v = await opts.validate(current());
      out.validation.push(v);
      out.marks.push({ step: out.steps, ms: performance.now() - t0 });
      opts.onEpoch?.(epoch, out.steps, out.losses.at(-1) as number, v);
    }
  } finally {
    out.params = current().map((p) => ({ ...p, data: Float32Array.from(p.data) }));
    await session.release();
  }
  return out;
}

/**
 * The plateau (docs/fine-tuning.md): the first evaluation (before training, or the end of an epoch) whose
 * validation DSC is within minDelta of the best of the run, provided the run has levelled off: when the
 * last epoch still gained more than minDelta over every earlier evaluation, the plateau was not reached
 * (null).
 */
export function plateau(
  validation: readonly number[],
  marks: readonly { step: number; ms: number }[],
  minDelta: number,
): { step: number; ms: number } | null {
  if (validation.length === 0) return null;
  const last = validation.at(-1) as number;
  const before = validation.length > 1 ? Math.max(...validation.slice(0, -1)) : -Infinity;
  if (validation.length > 1 && last - before > minDelta) return null;
  const best = Math.max(...validation);
  const e = validation.findIndex((v) => v >= best - minDelta);
  return marks[e] ?? null;
}
