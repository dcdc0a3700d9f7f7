// On-device fine-tuning runs (docs/fine-tuning.md): the site's slices through the frozen part once, then
// epochs of training-step graphs in onnxruntime-node, scored before and after with the benchmark's metrics.
export { type FineTuneMeasured, MECHANISM } from "./execute.ts";
export { type FineTuneRequest, type FineTuneRun, runFineTune } from "./run-finetune.ts";
export { type PreparedSite, prepareSite, type SiteData } from "./site.ts";
export { type FineTuneProgress, type FineTuneSpec, fineTuneSpecSchema } from "./spec.ts";
export { plateau } from "./train.ts";
