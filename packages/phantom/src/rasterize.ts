import type { Anatomy } from "./anatomy.ts";
import { MAX_DISPLACEMENT_MM } from "./anatomy.ts";
import { type AxisTable, axisTable, fieldPlane, type SmoothField, samplePlane } from "./field.ts";
import { layerQ, type PreparedLayer } from "./layer.ts";
import { smoothstep } from "./math.ts";

/**
 * Voxel i, j, k of the written volume sits at world x = (i − (nx−1)/2)·sx towards the patient's left,
 * y = ((ny−1)/2 − j)·sy anterior, z = zStart + k·sz superior: the array is stored L-P-S (i runs to the
 * patient's left, j posterior), the radiological display order of axial CT.
 */
export interface Grid {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly zStart: number;
}

type F = SmoothField;
type T = AxisTable;
type P = Float64Array;

export function worldAxes(grid: Grid): [Float64Array, Float64Array, Float64Array] {
  const [nx, ny, nz] = grid.dims;
  const [sx, sy, sz] = grid.spacing;
  const x = Float64Array.from({ length: nx }, (_, i) => (i - (nx - 1) / 2) * sx);
  const y = Float64Array.from({ length: ny }, (_, j) => ((ny - 1) / 2 - j) * sy);
  const z = Float64Array.from({ length: nz }, (_, k) => grid.zStart + k * sz);
  return [x, y, z];
}

/** Noise-free HU at voxel centres and the label map, before partial-volume blurring. */
export function rasterize(a: Anatomy, grid: Grid): { hu: Float32Array; label: Uint8Array } {
  const [nx, ny, nz] = grid.dims;
  const [wx, wy, wz] = worldAxes(grid);
  const hu = new Float32Array(nx * ny * nz);
  const label = new Uint8Array(nx * ny * nz);
  const fields = [...a.displacement, a.organTexture, ...a.bowelMix];
  const xt = fields.map((f) => axisTable(f, 0, wx));
  const yt = fields.map((f) => axisTable(f, 1, wy));
  const [scx, scy, scz] = a.scale;
  const t = a.tissue;
  const [cax, cay] = a.cavity;
  const fax = cax + a.muscleWall;
  const fay = cay + a.muscleWall;
  const bax = fax + a.fatLayer;
  const bay = fay + a.fatLayer;
  // A world point this far outside the body's ellipse stays outside after any displacement.
  const m = MAX_DISPLACEMENT_MM;
  const airX = bax * scx + m;
  const airY = bay * scy + m;
  const [dxf, dyf, dzf, texf, bowf, bow2f] = fields as SmoothField[] as [F, F, F, F, F, F];
  const [dxx, dyx, dzx, texx, bowx, bow2x] = xt as [T, T, T, T, T, T];
  const [dxy, dyy, dzy, texy, bowy, bow2y] = yt as [T, T, T, T, T, T];
  for (let k = 0; k < nz; k++) {
    const plane = (f: SmoothField) => {
      const zt = axisTable(f, 2, [wz[k]!]);
      return fieldPlane(f, zt.index[0]!, zt.weight[0]!);
    };
    const [pdx, pdy, pdz, ptex, pbow, pbow2] = [dxf, dyf, dzf, texf, bowf, bow2f].map(plane) as [
      P,
      P,
      P,
      P,
      P,
      P,
    ];
    const inSlab = a.layers.filter((l) => l.hi[2] >= (wz[k]! - m) / scz && l.lo[2] <= (wz[k]! + m) / scz);
    for (let j = 0; j < ny; j++) {
      const ry = (wy[j]! - a.offset[1]) / airY;
      const yLo = (wy[j]! - a.offset[1] - m) / scy;
      const yHi = (wy[j]! - a.offset[1] + m) / scy;
      const row = inSlab.filter((l) => l.hi[1] >= yLo && l.lo[1] <= yHi);
      for (let i = 0; i < nx; i++) {
        const at = i + nx * (j + ny * k);
        const rx = (wx[i]! - a.offset[0]) / airX;
        if (rx * rx + ry * ry > 1) {
          hu[at] = t.air;
          continue;
        }
        const px = (wx[i]! - a.offset[0] + samplePlane(pdx, dxf.n[0], dxx, i, dxy, j)) / scx;
        const py = (wy[j]! - a.offset[1] + samplePlane(pdy, dyf.n[0], dyx, i, dyy, j)) / scy;
        const pz = (wz[k]! + samplePlane(pdz, dzf.n[0], dzx, i, dzy, j)) / scz;
        const bx = px / bax;
        const by = py / bay;
        if (bx * bx + by * by > 1) {
          hu[at] = t.air;
          continue;
        }
        const fx = px / fax;
        const fy = py / fay;
        const cx = px / cax;
        const cy = py / cay;
        const inCavity = cx * cx + cy * cy <= 1;
        let v: number;
        if (fx * fx + fy * fy > 1) v = t.fat;
        else if (!inCavity) v = t.muscle;
        else {
          const mix =
            samplePlane(pbow, bowf.n[0], bowx, i, bowy, j) +
            samplePlane(pbow2, bow2f.n[0], bow2x, i, bow2y, j);
          v = t.fat + (t.bowel - t.fat) * bowelFraction(mix);
        }
        let lab = 0;
        let texture = 0;
        for (let n = 0; n < row.length; n++) {
          const layer = row[n]!;
          const painted = paint(layer, px, py, pz, inCavity);
          if (painted === null) continue;
          v = painted;
          lab = layer.label;
          texture = layer.texture ?? 0;
        }
        if (texture !== 0) v += texture * samplePlane(ptex, texf.n[0], texx, i, texy, j);
        hu[at] = v;
        label[at] = lab;
      }
    }
  }
  return { hu, label };
}

/** Mesenteric fat versus bowel loops: a sharpened threshold of a smooth field, so loops have edges. */
function bowelFraction(m: number): number {
  const s = (m - 0.35) * 3.5;
  return smoothstep(s < 0 ? 0 : Math.min(s, 1));
}

function _activeLayers(layers: readonly PreparedLayer[], z: number, scz: number): PreparedLayer[] {
  const lo = (z - MAX_DISPLACEMENT_MM) / scz;
  const hi = (z + MAX_DISPLACEMENT_MM) / scz;
  return layers.filter((l) => l.hi[2] >= lo && l.lo[2] <= hi);
}

/** The HU this layer paints at the point, or null when the point is not in it. */
function paint(l: PreparedLayer, x: number, y: number, z: number, inCavity: boolean): number | null {
  if (x < l.lo[0] || x > l.hi[0] || y < l.lo[1] || y > l.hi[1] || z < l.lo[2] || z > l.hi[2]) return null;
  if (l.cavity && !inCavity) return null;
  if (l.yRange && (y < l.yRange[0] || y > l.yRange[1])) return null;
  if (l.xAbsMin !== undefined && x > -l.xAbsMin && x < l.xAbsMin) return null;
  if (l.period) {
    const zp = z + l.period.tilt * y;
    if (zp < l.period.zMin) return null;
    const f = (zp - l.period.phase) / l.period.pitch;
    if ((f - Math.floor(f)) * l.period.pitch >= l.period.width) return null;
  }
  const q = layerQ(l, x, y, z);
  if (q > 1) return null;
  let v = l.hu;
  if (l.inner && q <= l.inner.q) v = l.gas && y > l.gas.y ? l.gas.hu : l.inner.hu;
  return v;
}
