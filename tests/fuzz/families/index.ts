import type { Family } from "../family.ts";
import { httpFamily } from "./http.ts";
import { manifestFamily } from "./manifest.ts";
import { mqttFamily } from "./mqtt.ts";
import { niftiFamily } from "./nifti.ts";
import { onnxFamily } from "./onnx.ts";
import { uploadFamily } from "./upload.ts";

/** Every family, in the order a full run takes them. */
export const FAMILIES: Family[] = [
  niftiFamily,
  manifestFamily,
  onnxFamily,
  uploadFamily,
  mqttFamily,
  httpFamily,
];
