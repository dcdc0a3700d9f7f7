import { columnNorms, type Mat3, polarOrthogonal } from "./mat3.ts";

const LABELS = [
  ["L", "R"],
  ["P", "A"],
  ["I", "S"],
] as const;

/**
 * Anatomical direction of each array axis, as nibabel's aff2axcodes(affine) with the default
 * (("L","R"),("P","A"),("I","S")) labels: normalise the columns, take the closest rotation
 * (polar decomposition), then for each input axis in turn pick the world axis with the largest
 * |component| not already taken (nibabel.orientations.io_orientation). A singular matrix, which
 * nibabel handles by rank, falls back to the normalised columns; an all-zero column gives "?".
 */
export function aff2axcodes(affine: readonly (readonly number[])[]): [string, string, string] {
  const rzs: Mat3 = [0, 1, 2].map((i) => [0, 1, 2].map((j) => affine[i]![j]!));
  const zooms = columnNorms(rzs).map((z) => (z === 0 ? 1 : z));
  const rs = rzs.map((row) => row.map((v, j) => v / zooms[j]!));
  const r = polarOrthogonal(rs) ?? rs;
  const codes: string[] = [];
  for (let inAx = 0; inAx < 3; inAx++) {
    const col = r.map((row) => row[inAx]!);
    if (col.every((v) => Math.abs(v) < 1e-8)) {
      codes.push("?");
      continue;
    }
    let outAx = 0;
    for (let i = 1; i < 3; i++) if (Math.abs(col[i]!) > Math.abs(col[outAx]!)) outAx = i;
    codes.push(LABELS[outAx]![col[outAx]! < 0 ? 0 : 1]);
    for (let j = 0; j < 3; j++) r[outAx]![j] = 0;
  }
  return codes as [string, string, string];
}
