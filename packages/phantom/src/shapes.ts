import { cosSin } from "./math.ts";

/**
 * Implicit shapes in the phantom's anatomical frame (mm; x towards the patient's left, y anterior,
 * z superior). Each evaluates to a normalised squared radius q: q ≤ 1 inside, q = 1 on the surface,
 * so nested tissue (kidney medulla, stomach lumen, vertebral cancellous bone) is a threshold on q.
 */
export type Shape = Ellipsoid | Capsule | Sweep | Annulus;

/** Ellipsoid rotated by `angle` about z; its centre moves `shear` mm in x per mm of z (organ tilt). */
export interface Ellipsoid {
  kind: "ellipsoid";
  c: [number, number, number];
  r: [number, number, number];
  cos: number;
  sin: number;
  shear: number;
}

/** Cylinder of radius r around the segment a–b, with rounded ends (tubular vessels and bowel). */
export interface Capsule {
  kind: "capsule";
  a: [number, number, number];
  b: [number, number, number];
  r: number;
}

/**
 * A tube swept along x from x0 to x1 with a centreline and elliptical (y, z) cross-section that vary
 * quadratically with x (the pancreas: head, neck, body, tail). Rounded caps of the end radius.
 */
export interface Sweep {
  kind: "sweep";
  x0: number;
  x1: number;
  /** Polynomial coefficients in u = (x − x0)/(x1 − x0): value = p[0] + p[1]·u + p[2]·u². */
  y: [number, number, number];
  z: [number, number, number];
  ry: [number, number, number];
  rz: [number, number, number];
}

/** Elliptic ring between an inner and an outer ellipse in the axial plane, unbounded in z (rib cage). */
export interface Annulus {
  kind: "annulus";
  outer: [number, number];
  inner: [number, number];
}

export function ellipsoid(c: [number, number, number], r: [number, number, number], angle = 0, shear = 0) {
  const [cos, sin] = cosSin(angle);
  return { kind: "ellipsoid", c, r, cos, sin, shear } satisfies Ellipsoid;
}

const poly = (p: readonly number[], u: number) => p[0]! + u * (p[1]! + u * p[2]!);

export function evalShape(s: Shape, x: number, y: number, z: number): number {
  switch (s.kind) {
    case "ellipsoid": {
      const dz = z - s.c[2];
      const dx = x - s.c[0] - s.shear * dz;
      const dy = y - s.c[1];
      const u = (dx * s.cos + dy * s.sin) / s.r[0];
      const v = (dy * s.cos - dx * s.sin) / s.r[1];
      const w = dz / s.r[2];
      return u * u + v * v + w * w;
    }
    case "capsule": {
      const abx = s.b[0] - s.a[0];
      const aby = s.b[1] - s.a[1];
      const abz = s.b[2] - s.a[2];
      const t0 =
        ((x - s.a[0]) * abx + (y - s.a[1]) * aby + (z - s.a[2]) * abz) / (abx * abx + aby * aby + abz * abz);
      const t = t0 < 0 ? 0 : Math.min(t0, 1);
      const dx = x - s.a[0] - t * abx;
      const dy = y - s.a[1] - t * aby;
      const dz = z - s.a[2] - t * abz;
      return (dx * dx + dy * dy + dz * dz) / (s.r * s.r);
    }
    case "sweep": {
      const u0 = (x - s.x0) / (s.x1 - s.x0);
      const u = u0 < 0 ? 0 : Math.min(u0, 1);
      const ry = poly(s.ry, u);
      const rz = poly(s.rz, u);
      const dy = (y - poly(s.y, u)) / ry;
      const dz = (z - poly(s.z, u)) / rz;
      const dx = (u0 - u) * (s.x1 - s.x0);
      const rcap = Math.min(ry, rz);
      return dy * dy + dz * dz + (dx * dx) / (rcap * rcap);
    }
    case "annulus": {
      const ox = x / s.outer[0];
      const oy = y / s.outer[1];
      const ix = x / s.inner[0];
      const iy = y / s.inner[1];
      const qo = ox * ox + oy * oy;
      const qi = ix * ix + iy * iy;
      return qo <= 1 && qi >= 1 ? qo : 2;
    }
  }
}

/** Conservative axis-aligned bounds [min, max] per axis, for skipping shapes far from a voxel. */
export function shapeBounds(s: Shape): [[number, number], [number, number], [number, number]] {
  switch (s.kind) {
    case "ellipsoid": {
      const rxy = Math.max(s.r[0], s.r[1]);
      const sx = rxy + Math.abs(s.shear) * s.r[2];
      return [
        [s.c[0] - sx, s.c[0] + sx],
        [s.c[1] - rxy, s.c[1] + rxy],
        [s.c[2] - s.r[2], s.c[2] + s.r[2]],
      ];
    }
    case "capsule":
      return [0, 1, 2].map((a) => [Math.min(s.a[a]!, s.b[a]!) - s.r, Math.max(s.a[a]!, s.b[a]!) + s.r]) as [
        [number, number],
        [number, number],
        [number, number],
      ];
    case "sweep": {
      const range = (p: readonly number[], r: readonly number[]): [number, number] => {
        let lo = Infinity;
        let hi = -Infinity;
        for (let k = 0; k <= 20; k++) {
          const u = k / 20;
          lo = Math.min(lo, poly(p, u) - poly(r, u));
          hi = Math.max(hi, poly(p, u) + poly(r, u));
        }
        // Quadratic radii may bulge between samples by at most a fraction of the largest coefficient.
        const pad = Math.abs(p[2]!) / 400 + Math.abs(r[2]!) / 400 + 1;
        return [lo - pad, hi + pad];
      };
      const cap = Math.max(poly(s.ry, 0), poly(s.rz, 0), poly(s.ry, 1), poly(s.rz, 1));
      return [[s.x0 - cap, s.x1 + cap], range(s.y, s.ry), range(s.z, s.rz)];
    }
    case "annulus":
      return [
        [-s.outer[0], s.outer[0]],
        [-s.outer[1], s.outer[1]],
        [-Infinity, Infinity],
      ];
  }
}
