import { kidneyLayers, liverLayers, pancreasLayer, spleenLayer, stomachLayer } from "./anatomy-organs.ts";
import { muscleLayers, skeletonLayers } from "./anatomy-skeleton.ts";
import { bowelLayers, greatVesselLayers, portalLayers } from "./anatomy-vessels.ts";
import { draw } from "./draw.ts";
import { createField, type SmoothField } from "./field.ts";
import { type PreparedLayer, prepareLayer } from "./layer.ts";
import type { Rng } from "./prng.ts";
import { sampleTissue, type Tissue } from "./tissue.ts";

/** Everything random about one case, drawn from its seed in a fixed order. */
export interface Anatomy {
  /** Abdominal cavity semi-axes (x, y) in mm; the muscle wall and subcutaneous fat lie outside it. */
  readonly cavity: readonly [number, number];
  readonly muscleWall: number;
  readonly fatLayer: number;
  /** Anatomical frame = (world − offset + displacement) / scale. */
  readonly scale: readonly [number, number, number];
  readonly offset: readonly [number, number];
  /** Superior coordinate (world mm) of the slab's centre; z = 0 is about the level of L1. */
  readonly zCenter: number;
  readonly tissue: Tissue;
  readonly layers: readonly PreparedLayer[];
  /** Displacement (mm) per world axis, and the texture fields (unitless, in [−1, 1]). */
  readonly displacement: readonly [SmoothField, SmoothField, SmoothField];
  readonly organTexture: SmoothField;
  /** Two octaves on grids of different pitch, so loops do not line up with either grid. */
  readonly bowelMix: readonly [SmoothField, SmoothField];
  readonly noiseSd: number;
}

/** Fields cover the largest field of view the phantom is written at (512 × 0.8 mm) and ± 25 cm in z. */
const MIN: [number, number, number] = [-260, -260, -250];
const MAX: [number, number, number] = [260, 260, 250];
export const MAX_DISPLACEMENT_MM = 7;

export function sampleAnatomy(rng: Rng): Anatomy {
  const d = draw(rng);
  const tissue = sampleTissue(d);
  const cavity: [number, number] = [d.j(125, 6), d.j(82, 5)];
  const muscleWall = d.j(11, 2);
  const fatLayer = d.rng.range(10, 30);
  const scale: [number, number, number] = [d.s(1, 0.06), 0, d.s(1, 0.06)];
  scale[1] = scale[0] * d.s(1, 0.03);
  const offset: [number, number] = [d.j(0, 6), d.j(0, 6)];
  const zCenter = d.j(10, 8);
  const kidneys = kidneyLayers(d, tissue);
  const portal = portalLayers(d, tissue);
  const layers = [
    ...kidneys.fat,
    ...muscleLayers(d, tissue),
    ...bowelLayers(d, tissue),
    ...portal.beforeLiver,
    ...liverLayers(d, tissue),
    ...portal.afterLiver,
    stomachLayer(d, tissue),
    spleenLayer(d, tissue),
    pancreasLayer(d, tissue),
    ...kidneys.kidneys,
    ...greatVesselLayers(d, tissue),
    ...skeletonLayers(d, tissue, cavity),
  ].map(prepareLayer);
  const m = MAX_DISPLACEMENT_MM;
  const displacement = [0, 1, 2].map(() => createField(rng, MIN, MAX, [90, 90, 70], -m, m)) as [
    SmoothField,
    SmoothField,
    SmoothField,
  ];
  const organTexture = createField(rng, MIN, MAX, [12, 12, 15], -1, 1);
  const bowelMix: [SmoothField, SmoothField] = [
    createField(rng, MIN, MAX, [17, 17, 20], 0, 0.65),
    createField(rng, MIN, MAX, [7, 7, 9], 0, 0.35),
  ];
  const noiseSd = d.rng.range(10, 15);
  return {
    cavity,
    muscleWall,
    fatLayer,
    scale,
    offset,
    zCenter,
    tissue,
    layers,
    displacement,
    organTexture,
    bowelMix,
    noiseSd,
  };
}
