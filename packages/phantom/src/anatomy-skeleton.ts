import type { Draw } from "./draw.ts";
import type { Layer } from "./layer.ts";
import { type Annulus, ellipsoid } from "./shapes.ts";
import type { Tissue } from "./tissue.ts";

/** Elliptic column along z (shapes unbounded in the slab): vertebral elements, paraspinal muscles. */
const column = (x: number, y: number, rx: number, ry: number) => ellipsoid([x, y, 0], [rx, ry, 1e4]);

/** Psoas and paraspinal muscles; psoas grows towards the pelvis and ends at about L1. */
export function muscleLayers(d: Draw, t: Tissue): Layer[] {
  const psoas = [-1, 1].map((s) =>
    ellipsoid([d.j(42 * s, 3), d.j(-38, 3), -85], [d.s(18, 0.1), d.s(15, 0.1), 95]),
  );
  const erector = [-1, 1].map((s) => column(d.j(36 * s, 2), d.j(-84, 2), d.s(24, 0.1), d.s(17, 0.1)));
  return [
    { name: "psoas", shapes: psoas, label: 0, hu: t.muscle },
    { name: "paraspinal muscles", shapes: erector, label: 0, hu: t.muscle },
  ];
}

/**
 * Lumbar/lower thoracic spine: vertebral bodies (cortical shell, cancellous core) interrupted by discs
 * every ≈ 33 mm, transverse and spinous processes, the neural arch around the spinal canal; and ribs
 * in the abdominal wall, sloping down anteriorly (z' = z + 0.35·y), with costal cartilage in front.
 */
export function skeletonLayers(d: Draw, t: Tissue, cavity: readonly [number, number]): Layer[] {
  const pitch = d.s(33, 0.06);
  const phase = d.rng.range(0, pitch);
  const level = (width: number, shift: number, zMin = -1e4) => ({
    pitch,
    width,
    phase: phase + shift,
    tilt: 0,
    zMin,
  });
  const [ax, ay] = cavity;
  const ribPitch = d.s(30, 0.08);
  const rib = (zMin: number) => ({
    pitch: ribPitch,
    width: d.s(11, 0.1),
    phase: d.rng.range(0, ribPitch),
    tilt: 0.35,
    zMin,
  });
  const ring: Annulus = { kind: "annulus", outer: [ax + 9, ay + 9], inner: [ax + 1, ay + 1] };
  return [
    {
      name: "vertebral body",
      shapes: [column(0, -44, 21, 17)],
      label: 0,
      hu: t.cortical,
      inner: { q: 0.7, hu: t.cancellous },
    },
    { name: "disc", shapes: [column(0, -44, 22, 18)], label: 0, hu: t.disc, period: level(8, 0) },
    {
      name: "transverse processes",
      shapes: [column(0, -62, 40, 5)],
      label: 0,
      hu: t.cancellous + 150,
      period: level(10, 14),
    },
    { name: "neural arch", shapes: [column(0, -72, 15, 14)], label: 0, hu: t.cortical * 0.8 },
    {
      name: "spinous process",
      shapes: [column(0, -90, 5, 12)],
      label: 0,
      hu: t.cortical * 0.8,
      period: level(22, 10),
    },
    { name: "spinal canal", shapes: [column(0, -72, 9, 8)], label: 0, hu: t.csf },
    {
      name: "ribs",
      shapes: [ring],
      label: 0,
      hu: t.cortical * 0.75,
      period: rib(d.j(-25, 5)),
      yRange: [-1e4, ay * 0.45],
      xAbsMin: 25,
    },
    {
      name: "costal cartilage",
      shapes: [ring],
      label: 0,
      hu: t.cartilage,
      period: rib(d.j(25, 5)),
      yRange: [ay * 0.45, 1e4],
    },
  ];
}
