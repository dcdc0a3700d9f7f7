import { type GraphBuilder, int } from "./builder.ts";
import type { LossName } from "./types.ts";

/** The loss (a float32 scalar) of `output` against `target` and the loss's gradient w.r.t. `output`. */
export function lossAndGradient(
  b: GraphBuilder,
  loss: LossName,
  output: string,
  target: string,
): { loss: string; grad: string } {
  if (loss === "softmax-cross-entropy") {
    // torch.nn.functional.cross_entropy(x, t), mean reduction: -mean(log softmax(x)[t]) over the voxels;
    // d/dx = (softmax(x) - onehot(t)) / voxels.
    // log softmax over the channel axis, written out: ONNX Runtime's LogSoftmax on a non-last axis
    // transposes the tensor and was a tenth of a unet2d-small step.
    const z = b.sub(output, b.max(output, [1], true));
    const logp = b.sub(z, b.op("Log", [b.sum(b.op("Exp", [z]), [1], true)]));
    const depth = b.op("Gather", [b.shape(output), b.i64s(1)]);
    const onehot = b.op("OneHot", [target, depth, b.constFloats([0, 1])], [int("axis", 1)]);
    const voxels = b.sizeAsFloat(target);
    const nll = b.op("Neg", [b.sum(b.mul(onehot, logp), null, false)]);
    return {
      loss: b.div(nll, voxels),
      grad: b.div(b.sub(b.op("Exp", [logp]), onehot), voxels),
    };
  }
  if (loss === "sigmoid-bce-dice") {
    // BCE with logits (torch's stable form): max(x, 0) - x t + log(1 + exp(-|x|)), mean over elements;
    // d/dx = (sigmoid(x) - t) / n.
    // Soft Dice over the batch: 1 - (2 I + 1) / S, I = sum(p t), S = sum(p) + sum(t) + 1, p = sigmoid(x);
    // d/dp = (2 I + 1) / S^2 - 2 t / S, and dp/dx = p (1 - p).
    const n = b.sizeAsFloat(output);
    const x = output;
    const bceElem = b.add(
      b.sub(b.op("Relu", [x]), b.mul(x, target)),
      b.op("Softplus", [b.op("Neg", [b.op("Abs", [x])])]),
    );
    const bce = b.div(b.sum(bceElem, null, false), n);
    const p = b.op("Sigmoid", [x]);
    const inter2 = b.add(b.mul(b.sum(b.mul(p, target), null, false), b.f(2)), b.f(1));
    const s = b.add(b.add(b.sum(p, null, false), b.sum(target, null, false)), b.f(1));
    const dice = b.sub(b.f(1), b.div(inter2, s));
    const dDiceDp = b.sub(b.div(inter2, b.mul(s, s)), b.div(b.mul(target, b.f(2)), s));
    const dDiceDx = b.mul(dDiceDp, b.mul(p, b.sub(b.f(1), p)));
    return {
      loss: b.add(bce, dice),
      grad: b.add(b.div(b.sub(p, target), n), dDiceDx),
    };
  }
  // weighted-sum: sum(output * target); d/d output = target.
  return { loss: b.sum(b.mul(output, target), null, false), grad: b.op("Identity", [target]) };
}
