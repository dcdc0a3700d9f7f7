// Fine-tuning graphs: splitModel (frozen/trainable parts) and buildTrainStep (one ONNX graph per training
// step). The shapes and the cut tensors of the standard-v1 models are documented in types.ts.
export { SUPPORTED_OPS } from "./grads.ts";
export { applyParams } from "./params.ts";
export { countParameters, splitModel } from "./split.ts";
export { buildTrainStep } from "./train-step.ts";
export type {
  LossName,
  ModelParts,
  NamedTensor,
  OptimizerSpec,
  SplitOptions,
  TrainStep,
  TrainStepOptions,
} from "./types.ts";
