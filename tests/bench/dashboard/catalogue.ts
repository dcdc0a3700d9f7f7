import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";

/**
 * The benchmark's world: device classes (the firmware profiles' ids, with fleet shares and speeds
 * invented to look like a mixed clinic fleet), twenty model versions and two suites. Speeds are
 * relative to an old x86 laptop core; RAM is what a typical unit of the class has, which decides
 * which models run out of memory on it.
 */
export interface ClassTraits {
  id: string;
  /** Share of the fleet's devices. */
  share: number;
  /** Per-case time multiplier against the model's base time. */
  speed: number;
  ramMb: number;
  /** Probability a run sees thermal throttling; null: the platform exposes no throttling flags. */
  throttle: number | null;
  /** Share of devices on a 32-bit OS, which run onnxruntime-web (WASM, ~4× slower). */
  wasmShare: number;
  arch: string;
  cpuModel: string;
  cores: number;
  boardModel: string | null;
}

export const CLASSES: ClassTraits[] = [
  c(
    "raspberry-pi-4",
    0.28,
    3.0,
    4096,
    0.12,
    0.05,
    "arm64",
    "Cortex-A72",
    4,
    "Raspberry Pi 4 Model B Rev 1.5",
  ),
  c("x86-laptop-old", 0.2, 1.3, 4096, null, 0, "x64", "Intel Core i5-4200U", 4, null),
  c("raspberry-pi-5", 0.14, 1.6, 8192, 0.04, 0, "arm64", "Cortex-A76", 4, "Raspberry Pi 5 Model B Rev 1.0"),
  c("jetson-nano", 0.1, 2.6, 4096, 0.06, 0, "arm64", "Cortex-A57", 4, "NVIDIA Jetson Nano Developer Kit"),
  c(
    "raspberry-pi-3",
    0.08,
    6.5,
    1024,
    0.2,
    0.5,
    "arm64",
    "Cortex-A53",
    4,
    "Raspberry Pi 3 Model B Plus Rev 1.3",
  ),
  c("jetson-orin-nano", 0.08, 0.9, 8192, 0.02, 0, "arm64", "Cortex-A78AE", 6, "NVIDIA Jetson Orin Nano"),
  c("generic-arm64", 0.06, 3.5, 2048, 0.05, 0, "arm64", "Cortex-A55", 4, "Rockchip RK3566 EVB"),
  c("generic-x86-64", 0.06, 0.7, 16384, null, 0, "x64", "Intel Core i7-8700", 6, null),
];

function c(
  id: string,
  share: number,
  speed: number,
  ramMb: number,
  throttle: number | null,
  wasmShare: number,
  arch: string,
  cpuModel: string,
  cores: number,
  boardModel: string | null,
): ClassTraits {
  return { id, share, speed, ramMb, throttle, wasmShare, arch, cpuModel, cores, boardModel };
}

export interface ModelTraits {
  id: string;
  version: string;
  family: "target-specific" | "foundation";
  pipeline: "semantic-2d" | "promptable-2d" | "semantic-3d-patch";
  /** Mean end-to-end time per case on an old x86 laptop, ms. */
  baseMs: number;
  /** Peak resident memory of a run, MB. */
  peakMb: number;
  /** Mean DSC over the eight organs. */
  quality: number;
  fineTuning: boolean;
  /** Relative share of the runs (older versions are run less). */
  weight: number;
}

export const MODELS: ModelTraits[] = [
  m("unet2d-small", "1.0.0", "target-specific", "semantic-2d", 190, 180, 0.8, true),
  m("unet2d-base", "1.0.0", "target-specific", "semantic-2d", 360, 260, 0.85, true, 0.5),
  m("unet2d-base", "1.1.0", "target-specific", "semantic-2d", 350, 262, 0.86, true),
  m("litemedsam-phantom", "1.0.0", "foundation", "promptable-2d", 1300, 420, 0.88, false),
  m("nnunet-2d-lite", "1.0.0", "target-specific", "semantic-2d", 900, 700, 0.89, true),
  m("nnunet-3d-lowres", "1.0.0", "target-specific", "semantic-3d-patch", 6000, 1800, 0.9, false, 0.3),
  m("swin-unetr-tiny", "1.0.0", "target-specific", "semantic-3d-patch", 9000, 2400, 0.905, false, 0.3),
  m("medsam-vitb", "1.0.0", "foundation", "promptable-2d", 25000, 3300, 0.91, false, 0.3),
  m("efficientvit-sam-l0", "1.0.0", "foundation", "promptable-2d", 4000, 900, 0.89, false),
  m("mobile-unet", "1.0.0", "target-specific", "semantic-2d", 120, 90, 0.76, true, 0.5),
  m("mobile-unet", "2.0.0", "target-specific", "semantic-2d", 140, 95, 0.79, true),
  m("attention-unet", "1.0.0", "target-specific", "semantic-2d", 700, 380, 0.86, true),
  m("unetr-small", "1.0.0", "target-specific", "semantic-3d-patch", 5000, 1400, 0.88, false, 0.5),
  m("segresnet-lite", "1.0.0", "target-specific", "semantic-3d-patch", 2500, 800, 0.875, true),
  m("totalseg-fast", "1.0.0", "target-specific", "semantic-3d-patch", 4500, 1600, 0.89, false, 0.5),
  m("repvit-medsam", "1.0.0", "foundation", "promptable-2d", 1800, 520, 0.885, false),
  m("edge-medsam", "1.0.0", "foundation", "promptable-2d", 900, 300, 0.87, true),
  m("lite-unet-int8", "1.0.0", "target-specific", "semantic-2d", 100, 70, 0.78, true),
  m("fastscnn-ct", "1.0.0", "target-specific", "semantic-2d", 80, 60, 0.72, true),
  m("deeplabv3-mnv3", "1.0.0", "target-specific", "semantic-2d", 260, 150, 0.8, true),
];

function m(
  id: string,
  version: string,
  family: ModelTraits["family"],
  pipeline: ModelTraits["pipeline"],
  baseMs: number,
  peakMb: number,
  quality: number,
  fineTuning: boolean,
  weight = 1,
): ModelTraits {
  return { id, version, family, pipeline, baseMs, peakMb, quality, fineTuning, weight };
}

/** The eight organs of the standard suite's phantom (label values as in its dataset.json). */
export const ORGANS: readonly (readonly [name: string, label: number, offset: number])[] = [
  ["liver", 1, 0.06],
  ["spleen", 2, 0.04],
  ["kidney_right", 3, 0.03],
  ["kidney_left", 4, 0.03],
  ["aorta", 5, 0.02],
  ["inferior_vena_cava", 6, -0.03],
  ["stomach", 7, -0.04],
  ["pancreas", 8, -0.11],
];

export interface SuiteTraits {
  id: string;
  version: string;
  sha256: string;
  dataset: { id: string; sha256: string; cases: number; spacingMm: string };
  /** Share of all runs. */
  share: number;
  /** Models run on it (indexes into MODELS). */
  models: number[];
}

const sha = (text: string) => createHash("sha256").update(`edgeseg bench:dashboard ${text}`).digest("hex");

export const SUITES: SuiteTraits[] = [
  {
    id: "standard-v1",
    version: "1.0.0",
    sha256: sha("suite standard-v1@1.0.0"),
    dataset: {
      id: "phantom-abdomen-v1",
      sha256: sha("dataset phantom-abdomen-v1"),
      cases: 4,
      spacingMm: "1.6x1.6x2.5",
    },
    share: 0.8,
    models: MODELS.map((_, i) => i),
  },
  {
    id: "abdomen-ct-v2",
    version: "2.0.0",
    sha256: sha("suite abdomen-ct-v2@2.0.0"),
    dataset: {
      id: "abdomen-ct-small",
      sha256: sha("dataset abdomen-ct-small"),
      cases: 12,
      spacingMm: "0.8x0.8x3",
    },
    share: 0.2,
    models: [0, 2, 3, 4, 5, 8, 10, 11, 13, 15, 16, 19],
  },
];

export const modelManifestSha = (model: ModelTraits) => sha(`manifest ${model.id}@${model.version}`);
export const modelFileSha = (model: ModelTraits) => sha(`file ${model.id}@${model.version}`);

const profilesDir = new URL("../../../firmware-profiles/", import.meta.url);

/** The class's display name from its firmware profile, as an enrolling agent reports it. */
export function profileName(classId: string): string {
  let name = names.get(classId);
  if (name === undefined) {
    const profile = JSON.parse(readFileSync(new URL(`${classId}.json`, profilesDir), "utf8")) as {
      name: string;
    };
    name = profile.name;
    names.set(classId, name);
  }
  return name;
}

const names = new Map<string, string>();
