import { type Draw, quadThrough } from "./draw.ts";
import { KIDNEY_LEFT, KIDNEY_RIGHT, LIVER, PANCREAS, SPLEEN, STOMACH } from "./labels.ts";
import type { Layer } from "./layer.ts";
import { ellipsoid } from "./shapes.ts";
import type { Tissue } from "./tissue.ts";

/**
 * Solid organs in the anatomical frame (mm; x to the patient's left, y anterior, z superior, z = 0 at
 * about L1, the level of the pancreas). Sizes follow adult norms: liver ≈ 15 cm craniocaudal, spleen
 * ≈ 11 × 7 × 4 cm, kidneys ≈ 11 × 5 × 4 cm with the left one higher, pancreas ≈ 15 cm long.
 */
export function liverLayers(d: Draw, t: Tissue): Layer[] {
  const right = ellipsoid(
    [d.j(-55, 6), d.j(0, 5), d.j(55, 8)],
    [d.s(70, 0.1), d.s(85, 0.1), d.s(75, 0.1)],
    d.j(0, 0.15),
  );
  const left = ellipsoid(
    [d.j(15, 8), d.j(50, 4), d.j(72, 8)],
    [d.s(52, 0.15), d.s(26, 0.12), d.s(38, 0.12)],
    d.j(-0.15, 0.1),
  );
  const gallbladder = ellipsoid(
    [d.j(-38, 5), d.j(48, 5), d.j(15, 6)],
    [d.s(14, 0.2), d.s(15, 0.2), d.s(30, 0.2)],
    0.3,
  );
  return [
    { name: "liver", shapes: [right, left], label: LIVER, hu: t.liver, texture: 6, cavity: true },
    { name: "gallbladder", shapes: [gallbladder], label: 0, hu: t.bileFluid, cavity: true },
  ];
}

export function stomachLayer(d: Draw, t: Tissue): Layer {
  const fundus = ellipsoid(
    [d.j(50, 6), d.j(25, 6), d.j(55, 8)],
    [d.s(40, 0.12), d.s(33, 0.12), d.s(50, 0.12)],
    d.j(0.5, 0.15),
  );
  const antrum = ellipsoid(
    [d.j(12, 6), d.j(52, 4), d.j(10, 6)],
    [d.s(40, 0.15), d.s(20, 0.15), d.s(20, 0.15)],
    d.j(-0.2, 0.1),
  );
  // Wall ≈ 5 mm: the lumen is the union scaled by (1 − 5/r) with r the smallest semi-axis.
  const wall = 1 - 5 / Math.min(antrum.r[1], fundus.r[1]);
  const gasLevel = fundus.c[1] + fundus.r[1] * d.rng.range(0.55, 0.85);
  return {
    name: "stomach",
    shapes: [fundus, antrum],
    label: STOMACH,
    hu: t.stomachWall,
    inner: { q: wall * wall, hu: t.stomachContent },
    ...(d.chance(0.6) ? { gas: { y: gasLevel, hu: t.gas } } : {}),
    cavity: true,
  };
}

export function spleenLayer(d: Draw, t: Tissue): Layer {
  // Long axis along the left posterolateral wall, from posteromedial to anterolateral (angle ≈ −0.7 rad).
  const shape = ellipsoid(
    [d.j(85, 5), d.j(-35, 5), d.j(55, 8)],
    [d.s(22, 0.15), d.s(52, 0.12), d.s(48, 0.12)],
    d.j(-0.7, 0.15),
  );
  return { name: "spleen", shapes: [shape], label: SPLEEN, hu: t.spleen, texture: 5, cavity: true };
}

export function pancreasLayer(d: Draw, t: Tissue): Layer {
  const head = d.s(15, 0.15);
  return {
    name: "pancreas",
    shapes: [
      {
        kind: "sweep",
        x0: d.j(-42, 4),
        x1: d.j(78, 5),
        y: quadThrough(d.j(8, 3), 0.4, d.j(14, 3), d.j(-28, 5)),
        z: quadThrough(d.j(-8, 4), 0.4, d.j(0, 3), d.j(18, 5)),
        ry: quadThrough(head, 0.45, d.s(9, 0.15), d.s(8.5, 0.15)),
        rz: quadThrough(head * d.s(1.05, 0.1), 0.45, d.s(9, 0.15), d.s(8, 0.15)),
      },
    ],
    label: PANCREAS,
    hu: t.pancreas,
    texture: 9,
    cavity: true,
  };
}

/** Right and left kidney with their perirenal fat (painted first, so the kidney sits inside it). */
export function kidneyLayers(d: Draw, t: Tissue): { fat: Layer[]; kidneys: Layer[] } {
  const fat: Layer[] = [];
  const kidneys: Layer[] = [];
  for (const side of [-1, 1] as const) {
    const c: [number, number, number] = [d.j(62 * side, 4), d.j(-42, 4), d.j(side < 0 ? -20 : -10, 6)];
    const r: [number, number, number] = [d.s(26, 0.1), d.s(22, 0.1), d.s(52, 0.1)];
    // Hilum faces anteromedially; the upper pole leans medially (shear towards the midline with z).
    const angle = d.j(-0.5 * side, 0.1);
    const shear = -0.15 * side;
    const big: [number, number, number] = [r[0] * 1.4, r[1] * 1.4, r[2] * 1.2];
    fat.push({
      name: "perirenal fat",
      shapes: [ellipsoid(c, big, angle, shear)],
      label: 0,
      hu: t.fat,
      cavity: true,
    });
    kidneys.push({
      name: side < 0 ? "kidney_right" : "kidney_left",
      shapes: [ellipsoid(c, r, angle, shear)],
      label: side < 0 ? KIDNEY_RIGHT : KIDNEY_LEFT,
      hu: t.cortex,
      inner: { q: 0.4, hu: t.medulla },
      texture: 4,
      cavity: true,
    });
  }
  return { fat, kidneys };
}
