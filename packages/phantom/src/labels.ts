/** Label values of phantom-abdomen-v1 and their canonical organ names (lower_snake_case). */
export const PHANTOM_LABELS = {
  1: "liver",
  2: "spleen",
  3: "kidney_right",
  4: "kidney_left",
  5: "aorta",
  6: "inferior_vena_cava",
  7: "stomach",
  8: "pancreas",
} as const;

export const LIVER = 1;
export const SPLEEN = 2;
export const KIDNEY_RIGHT = 3;
export const KIDNEY_LEFT = 4;
export const AORTA = 5;
export const IVC = 6;
export const STOMACH = 7;
export const PANCREAS = 8;
export const LABEL_COUNT = 9;
