import type { Draw } from "./draw.ts";

/**
 * Attenuation of each tissue for one case, in HU, portal-venous phase (≈70 s after contrast). Means
 * follow published abdominal CT values: liver ≈ 100–110 and spleen 10–20 HU brighter; pancreas
 * ≈ 90–100; renal cortex ≈ 160 with darker medulla; aorta ≈ 170 and IVC ≈ 140; fat ≈ −100; muscle ≈ 50.
 */
export interface Tissue {
  air: number;
  fat: number;
  muscle: number;
  bowel: number;
  liver: number;
  spleen: number;
  pancreas: number;
  cortex: number;
  medulla: number;
  aorta: number;
  ivc: number;
  portal: number;
  stomachWall: number;
  stomachContent: number;
  bileFluid: number;
  csf: number;
  cortical: number;
  cancellous: number;
  disc: number;
  cartilage: number;
  gas: number;
}

export function sampleTissue(d: Draw): Tissue {
  const liver = d.j(106, 6);
  const cortex = d.j(160, 8);
  return {
    air: -1000,
    fat: d.j(-100, 8),
    muscle: d.j(52, 5),
    bowel: d.j(62, 8),
    liver,
    spleen: liver + d.rng.range(12, 18),
    pancreas: d.j(95, 4),
    cortex,
    medulla: cortex - d.rng.range(30, 45),
    aorta: d.j(172, 8),
    ivc: d.j(140, 6),
    portal: d.j(160, 8),
    stomachWall: d.j(42, 4),
    stomachContent: d.j(22, 6),
    bileFluid: d.j(8, 4),
    csf: d.j(12, 4),
    cortical: d.j(800, 120),
    cancellous: d.j(330, 30),
    disc: d.j(85, 10),
    cartilage: d.j(140, 20),
    gas: d.j(-960, 20),
  };
}
