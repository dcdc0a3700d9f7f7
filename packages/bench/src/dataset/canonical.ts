/**
 * Organ names as TotalSegmentator spells them (lower snake case, side last: kidney_left), so labels
 * from MSD, BTCV, AMOS, FLARE and nnU-Net datasets and from models' own lists meet on one name.
 * Keys are names after tokenising and removing the side.
 */
const ALIASES: Record<string, string> = {
  bg: "background",
  ivc: "inferior_vena_cava",
  postcava: "inferior_vena_cava",
  vena_cava_inferior: "inferior_vena_cava",
  inferior_vena_cava: "inferior_vena_cava",
  gall_bladder: "gallbladder",
  oesophagus: "esophagus",
  bladder: "urinary_bladder",
  adrenal: "adrenal_gland",
  adrenal_glands: "adrenal_gland",
  kidneys: "kidney",
  portal_and_splenic_vein: "portal_vein_and_splenic_vein",
  portal_vein_splenic_vein: "portal_vein_and_splenic_vein",
  portal_splenic_vein: "portal_vein_and_splenic_vein",
  small_intestine: "small_bowel",
  large_bowel: "colon",
  prostate_uterus: "prostate_or_uterus",
  prostate_or_uterus: "prostate_or_uterus",
};

const SIDES: Record<string, "left" | "right"> = { left: "left", lt: "left", right: "right", rt: "right" };
const SHORT_SIDES: Record<string, "left" | "right"> = { l: "left", r: "right" };

/**
 * Canonical organ name: lower case, words joined by "_", a side word anywhere ("left kidney",
 * "Kidney (L)", "kidney-left") moved to the end ("kidney_left"), then the alias table
 * ("IVC" → "inferior_vena_cava").
 */
export function canonicalOrgan(name: string): string {
  const tokens = name
    .toLowerCase()
    .replace(/&/g, " and ")
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let side: "left" | "right" | undefined;
  const rest = tokens.filter((t) => {
    const s = SIDES[t] ?? (tokens.length > 1 ? SHORT_SIDES[t] : undefined);
    if (s && !side) side = s;
    return !s;
  });
  const joined = rest.join("_");
  const base = ALIASES[joined] ?? joined;
  return side ? `${base}_${side}` : base;
}
