import { columnNorms, det3, type Mat3, polarOrthogonal } from "./mat3.ts";

export interface Qform {
  readonly b: number;
  readonly c: number;
  readonly d: number;
  readonly qfac: 1 | -1;
  readonly offset: readonly [number, number, number];
}

/**
 * qform → 4×4 affine, as nifti_quatern_to_mat44 in nifti1_io.c (NIfTI-1 "method 2"):
 * a = sqrt(1 - b² - c² - d²), a 180° rotation when that is ~0; the k column times qfac.
 */
export function qformToAffine(q: Qform, pixdim: readonly [number, number, number]): number[][] {
  let { b, c, d } = q;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= n;
    c *= n;
    d *= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const [xd, yd, zd0] = pixdim.map((v) => (v > 0 ? v : 1)) as [number, number, number];
  const zd = q.qfac < 0 ? -zd0 : zd0;
  const [ox, oy, oz] = q.offset;
  return [
    [(a * a + b * b - c * c - d * d) * xd, 2 * (b * c - a * d) * yd, 2 * (b * d + a * c) * zd, ox],
    [2 * (b * c + a * d) * xd, (a * a + c * c - b * b - d * d) * yd, 2 * (c * d - a * b) * zd, oy],
    [2 * (b * d - a * c) * xd, 2 * (c * d + a * b) * yd, (a * a + d * d - c * c - b * b) * zd, oz],
    [0, 0, 0, 1],
  ];
}

/**
 * 4×4 affine → qform, as nifti_mat44_to_quatern in nifti1_io.c: column norms are the voxel sizes,
 * a negative determinant becomes qfac = -1, shear is dropped by polar decomposition.
 */
export function affineToQform(affine: readonly (readonly number[])[]): {
  qform: Qform;
  pixdim: [number, number, number];
} {
  const m: Mat3 = [0, 1, 2].map((i) => [0, 1, 2].map((j) => affine[i]![j]!));
  const pixdim = columnNorms(m).map((v) => (v > 0 ? v : 1)) as [number, number, number];
  let r: Mat3 = m.map((row) => row.map((v, j) => v / pixdim[j]!));
  const qfac: 1 | -1 = det3(r) > 0 ? 1 : -1;
  if (qfac < 0) r = r.map((row) => [row[0]!, row[1]!, -row[2]!]);
  r = polarOrthogonal(r) ?? [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  const e = (i: number, j: number) => r[i - 1]![j - 1]!;
  let a = e(1, 1) + e(2, 2) + e(3, 3) + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (e(3, 2) - e(2, 3))) / a;
    c = (0.25 * (e(1, 3) - e(3, 1))) / a;
    d = (0.25 * (e(2, 1) - e(1, 2))) / a;
  } else {
    const xd = 1 + e(1, 1) - (e(2, 2) + e(3, 3));
    const yd = 1 + e(2, 2) - (e(1, 1) + e(3, 3));
    const zd = 1 + e(3, 3) - (e(1, 1) + e(2, 2));
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (e(1, 2) + e(2, 1))) / b;
      d = (0.25 * (e(1, 3) + e(3, 1))) / b;
      a = (0.25 * (e(3, 2) - e(2, 3))) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (e(1, 2) + e(2, 1))) / c;
      d = (0.25 * (e(2, 3) + e(3, 2))) / c;
      a = (0.25 * (e(1, 3) - e(3, 1))) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (e(1, 3) + e(3, 1))) / d;
      c = (0.25 * (e(2, 3) + e(3, 2))) / d;
      a = (0.25 * (e(2, 1) - e(1, 2))) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  const offset = [affine[0]![3]!, affine[1]![3]!, affine[2]![3]!] as const;
  return { qform: { b, c, d, qfac, offset }, pixdim };
}
