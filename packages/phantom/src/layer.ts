import type { Shape } from "./shapes.ts";
import { evalShape, shapeBounds } from "./shapes.ts";

/**
 * One tissue painted into the phantom. Layers are painted in order, later over earlier, so the order
 * is the anatomical priority (vessels over the organs they pass, bone over everything). Label 0 paints
 * unlabelled tissue and so also erases an organ label under it (a gallbladder inside the liver).
 */
export interface Layer {
  readonly name: string;
  /** Union of shapes: q is the smallest of theirs. */
  readonly shapes: readonly Shape[];
  readonly label: number;
  readonly hu: number;
  /** Voxels with q ≤ inner.q take inner.hu: kidney medulla, bowel lumen, cancellous bone. */
  readonly inner?: { readonly q: number; readonly hu: number };
  /** Inside `inner`, voxels anterior of y are gas (the non-dependent side of a supine patient). */
  readonly gas?: { readonly y: number; readonly hu: number };
  /** Amplitude (HU) of the case's texture field inside this tissue. */
  readonly texture?: number;
  /** Only inside the abdominal cavity: an organ never extends into the abdominal wall. */
  readonly cavity?: boolean;
  /** Repeats along z' = z + tilt·y with this pitch (vertebral discs, ribs); present where z' ≥ zMin. */
  readonly period?: {
    readonly pitch: number;
    readonly width: number;
    readonly phase: number;
    readonly tilt: number;
    readonly zMin: number;
  };
  readonly yRange?: readonly [number, number];
  readonly xAbsMin?: number;
}

/** A layer ready for painting: with the bounds of its union, for skipping it cheaply. */
export interface PreparedLayer extends Layer {
  readonly lo: readonly [number, number, number];
  readonly hi: readonly [number, number, number];
}

export function prepareLayer(layer: Layer): PreparedLayer {
  const lo: [number, number, number] = [Infinity, Infinity, Infinity];
  const hi: [number, number, number] = [-Infinity, -Infinity, -Infinity];
  for (const shape of layer.shapes) {
    const b = shapeBounds(shape);
    for (let a = 0; a < 3; a++) {
      lo[a] = Math.min(lo[a]!, b[a]![0]);
      hi[a] = Math.max(hi[a]!, b[a]![1]);
    }
  }
  return { ...layer, lo, hi };
}

/** q of the layer's union at a point (> 1 outside). */
export function layerQ(layer: Layer, x: number, y: number, z: number): number {
  let q = Infinity;
  for (const shape of layer.shapes) {
    const v = evalShape(shape, x, y, z);
    if (v < q) q = v;
  }
  return q;
}
