import { type GraphBuilder, int } from "./builder.ts";
import type { NamedTensor, OptimizerSpec } from "./types.ts";

export interface OptimizerGraph {
  states: { name: string; dims: number[] }[];
  /** Input (parameter or state) -> the output holding its next value. */
  next: Record<string, string>;
}

/**
 * The update of every parameter, as torch.optim computes it (torch 1.13 `_single_tensor_adam` / `sgd`):
 *   SGD:  p <- p - lr g
 *   Adam: m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
 *         p <- p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)
 * The bias corrections are computed in float64 as torch does in Python: 1 - 0.999^t in float32 loses
 * four digits at t = 1.
 */
export function optimizerUpdate(
  b: GraphBuilder,
  opt: OptimizerSpec,
  params: readonly NamedTensor[],
  grads: readonly string[],
  step: string,
): OptimizerGraph {
  const next: Record<string, string> = {};
  const states: { name: string; dims: number[] }[] = [];
  if (opt.name === "sgd") {
    params.forEach((p, i) => {
      next[p.name] = b.opTo(`${p.name}.next`, "Sub", [
        p.name,
        b.mul(grads[i] as string, b.f(opt.learningRate)),
      ]);
    });
    return { states, next };
  }
  const { learningRate: lr, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = opt;
  const t = b.op("Cast", [step], [int("to", 11)]);
  const bc1 = b.sub(b.d(1), b.op("Pow", [b.d(beta1), t]));
  const bc2 = b.sub(b.d(1), b.op("Pow", [b.d(beta2), t]));
  const stepSize = b.op("Cast", [b.div(b.d(lr), bc1)], [int("to", 1)]);
  const bc2Sqrt = b.op("Cast", [b.op("Sqrt", [bc2])], [int("to", 1)]);
  params.forEach((p, i) => {
    const g = grads[i] as string;
    const m = `${p.name}.adam_m`;
    const v = `${p.name}.adam_v`;
    states.push({ name: m, dims: p.dims }, { name: v, dims: p.dims });
    const m2 = b.opTo(`${m}.next`, "Add", [b.mul(m, b.f(beta1)), b.mul(g, b.f(1 - beta1))]);
    const v2 = b.opTo(`${v}.next`, "Add", [b.mul(v, b.f(beta2)), b.mul(b.mul(g, g), b.f(1 - beta2))]);
    const denom = b.add(b.div(b.op("Sqrt", [v2]), bc2Sqrt), b.f(epsilon));
    next[p.name] = b.opTo(`${p.name}.next`, "Sub", [p.name, b.mul(b.div(m2, denom), stepSize)]);
    next[m] = m2;
    next[v] = v2;
  });
  return { states, next };
}
