/**
 * The fine-tuning graphs' public shapes. A model is cut at named tensors into a frozen part (run forward
 * once per sample) and a trainable part; the trainable part becomes one ONNX "training step" graph
 * (forward + loss + backward + optimizer update) that onnxruntime-node runs like any inference graph.
 *
 * Where the standard-v1 models are cut (tensor names in the committed ONNX files):
 * - unet2d-small and unet2d-base, "last decoder stage + head" (up.2 ConvTranspose, the skip Concat,
 *   merge.2's two conv-InstanceNorm-LeakyReLU blocks, the 1x1 head):
 *   `trainableFrom: ["/merge.1/merge.1.1/merge.1.1.2/LeakyRelu_output_0",
 *                    "/down.0/down.0.1/down.0.1.2/LeakyRelu_output_0"]`, loss "softmax-cross-entropy".
 * - litemedsam-phantom, the whole mask decoder after the prompt map is joined to the embeddings
 *   (graph decoder.onnx; fuse.0..2, up.0..4, head):
 *   `trainableFrom: ["/Concat_1_output_0"]`, loss "sigmoid-bce-dice". The frozen part is the prompt
 *   encoding (boxes -> prompt map, joined to the embeddings); encoder.onnx is frozen whole (run it
 *   first; count its parameters with `countParameters`).
 *
 * After training, `applyParams(model, params)` writes the trained values into the whole original model
 * (or the trainable part) by initializer name, for evaluation with the ordinary inference pipeline.
 * `SUPPORTED_OPS` lists the ops with a gradient rule; any other op on a gradient path is refused in one
 * line naming the op and the node (ops off the path, such as Shape arithmetic, are fine).
 */

/** A float32 tensor by name (a trainable parameter, an optimizer state, a feed). */
export interface NamedTensor {
  name: string;
  dims: number[];
  data: Float32Array;
}

export interface ModelParts {
  /** ONNX model: the original inputs it needs -> the cut tensors, in `cutInputs` order (run once per sample). */
  frozen: Uint8Array;
  /** ONNX model: `cutInputs` -> the original outputs; its parameters stay inside as initializers. */
  trainable: Uint8Array;
  /**
   * The trainable model's inputs, in order: the cut tensors (as given in `trainableFrom`) followed by any
   * original input the trainable part still reads. The frozen model's outputs are the cut tensors only,
   * so an original input listed here is fed from the sample directly.
   */
  cutInputs: string[];
  /** The trainable part's outputs (the original model's outputs it computes). */
  outputs: string[];
  /**
   * Trainable parameters: the float32 initializers of the trainable part that a gradient reaches.
   * Other initializers (integer shapes, constants no gradient reaches, names in `freeze`) stay constants.
   */
  params: NamedTensor[];
  /**
   * Number of values in the float initializers of this graph that are not trained (the frozen part's and
   * the trainable part's constants). Only this graph: a model of several graphs adds the others'
   * (`countParameters(encoder)`).
   */
  frozenParameters: number;
  /** Number of values in `params`. */
  trainableParameters: number;
}

export interface SplitOptions {
  /** Tensor names where the trainable part starts. Each must be produced by a node of the model. */
  trainableFrom: string[];
  /** Initializer names of the trainable part to keep constant (default: none). */
  freeze?: string[];
}

/**
 * - "softmax-cross-entropy": logits [N, C, ...] and an integer label map target [N, ...] (int64 feed);
 *   mean over all voxels of -log softmax(logits)[label] (torch.nn.functional.cross_entropy).
 * - "sigmoid-bce-dice": mask logits x and a {0,1} float32 target of x's shape; mean binary cross-entropy
 *   with logits (torch's binary_cross_entropy_with_logits) + soft Dice 1 - (2 sum(p t) + 1) /
 *   (sum(p) + sum(t) + 1) with p = sigmoid(x), sums over the whole batch.
 * - "weighted-sum": sum(output * target) with a float32 target of the output's shape: a linear probe
 *   used by the gradient checks (any output shape, every output element gets its own weight).
 */
export type LossName = "softmax-cross-entropy" | "sigmoid-bce-dice" | "weighted-sum";

export type OptimizerSpec =
  | {
      /** torch.optim.Adam with its defaults (betas 0.9/0.999, eps 1e-8, no weight decay), bias-corrected. */
      name: "adam";
      learningRate: number;
      beta1?: number;
      beta2?: number;
      epsilon?: number;
    }
  /** torch.optim.SGD without momentum or weight decay: p <- p - lr * grad. */
  | { name: "sgd"; learningRate: number };

export interface TrainStepOptions {
  loss: LossName;
  optimizer: OptimizerSpec;
  /** Also output each parameter's gradient as `<param>.grad` (used by the gradient checks). */
  emitGradients?: boolean;
}

/**
 * One training step as an ONNX graph. Run it with one `session.run(feeds)` per step:
 * - feeds: each of `cutInputs` (float32, from the frozen model; original inputs as given), `"target"`
 *   (int64 label map for softmax-cross-entropy, float32 otherwise), each parameter under its own name
 *   (the current values), each optimizer state under its name (`<param>.adam_m`, `<param>.adam_v`; zeros
 *   from `stateInit` before the first step; SGD has none), and `"step"`: a float32 scalar (dims [])
 *   holding the 1-based step number (Adam's bias correction uses it; SGD ignores it).
 * - outputs: `"loss"` (float32 scalar, the loss before the update), the next value of each parameter
 *   and state under `next[name]`, and with `emitGradients` each parameter's gradient `<param>.grad`.
 * Feed the outputs named in `next` back in as the inputs they belong to at the next step.
 */
export interface TrainStep {
  graph: Uint8Array;
  inputNames: string[];
  outputNames: string[];
  /** Trainable parameter names, in `ModelParts.params` order. */
  params: string[];
  /** Optimizer states, zero-filled: the feeds for the first step. */
  stateInit: NamedTensor[];
  /** Input name (parameter or state) -> the output holding its value after the step. */
  next: Record<string, string>;
  /** The element type of the "target" feed. */
  targetType: "int64" | "float32";
}
