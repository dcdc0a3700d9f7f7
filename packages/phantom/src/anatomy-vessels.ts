import type { Draw } from "./draw.ts";
import { AORTA, IVC } from "./labels.ts";
import type { Layer } from "./layer.ts";
import { ellipsoid } from "./shapes.ts";
import type { Tissue } from "./tissue.ts";

type P3 = [number, number, number];
const capsule = (a: P3, b: P3, r: number) => ({ kind: "capsule", a, b, r }) as const;

/**
 * Unlabelled veins around the pancreas: they are what makes the pancreas hard to delineate in real
 * CT (splenic vein along its back, SMV behind its neck, portal vein towards the liver hilum).
 */
export function portalLayers(d: Draw, t: Tissue): { beforeLiver: Layer[]; afterLiver: Layer[] } {
  const confluence: P3 = [d.j(-6, 3), d.j(2, 3), d.j(2, 3)];
  const sma = capsule([d.j(8, 2), -8, 4], [d.j(6, 3), d.j(8, 3), -60], d.s(3.5, 0.15));
  const smv = capsule(confluence, [d.j(-10, 3), d.j(14, 3), -60], d.s(5.5, 0.15));
  const splenic = capsule(confluence, [d.j(72, 4), d.j(-36, 4), d.j(18, 4)], d.s(4.5, 0.15));
  const portal = capsule(confluence, [d.j(-42, 4), d.j(4, 4), d.j(40, 5)], d.s(7, 0.1));
  return {
    beforeLiver: [
      { name: "superior mesenteric artery", shapes: [sma], label: 0, hu: t.aorta, cavity: true },
      {
        name: "mesenteric and splenic veins",
        shapes: [smv, splenic],
        label: 0,
        hu: t.portal - 5,
        cavity: true,
      },
    ],
    afterLiver: [{ name: "portal vein", shapes: [portal], label: 0, hu: t.portal, cavity: true }],
  };
}

/** Aorta left of the midline on the vertebral body; IVC to its right, flattened (elliptic). */
export function greatVesselLayers(d: Draw, t: Tissue): Layer[] {
  const aorta = capsule([d.j(6, 3), d.j(-16, 2), -400], [d.j(10, 3), d.j(-14, 2), 400], d.s(11, 0.1));
  const ivc = ellipsoid(
    [d.j(-22, 3), d.j(-12, 2), 0],
    [d.s(12, 0.1), d.s(9, 0.12), 1000],
    0,
    d.j(-0.03, 0.02),
  );
  return [
    { name: "inferior_vena_cava", shapes: [ivc], label: IVC, hu: t.ivc, cavity: true },
    { name: "aorta", shapes: [aorta], label: AORTA, hu: t.aorta, cavity: true },
  ];
}

/** Duodenal C-loop around the pancreatic head and the ascending/descending colon, all unlabelled. */
export function bowelLayers(d: Draw, t: Tissue): Layer[] {
  const r = d.s(11, 0.1);
  const d1: P3 = [d.j(-25, 4), 40, d.j(12, 4)];
  const d2: P3 = [d.j(-54, 3), d.j(18, 3), d.j(6, 4)];
  const d3: P3 = [d.j(-55, 3), d.j(12, 3), d.j(-32, 4)];
  const d4: P3 = [d.j(25, 4), d.j(4, 3), d.j(-38, 4)];
  const duodenum: Layer = {
    name: "duodenum",
    shapes: [capsule(d1, d2, r), capsule(d2, d3, r), capsule(d3, d4, r)],
    label: 0,
    hu: t.bowel + 8,
    inner: { q: 0.45, hu: d.j(25, 8) },
    cavity: true,
  };
  const rc = d.s(22, 0.15);
  const ascending = capsule([d.j(-98, 5), d.j(10, 6), -300], [d.j(-92, 5), d.j(12, 6), d.j(-18, 6)], rc);
  const descending = capsule([d.j(100, 5), d.j(-8, 6), -300], [d.j(96, 5), d.j(-5, 6), d.j(40, 6)], rc);
  const colon: Layer = {
    name: "colon",
    shapes: [ascending, descending],
    label: 0,
    hu: t.bowel - 10,
    inner: { q: 0.7, hu: d.j(-20, 25) },
    gas: { y: d.j(18, 6), hu: t.gas },
    cavity: true,
  };
  return [duodenum, colon];
}
