import * as ort from "onnxruntime-node";

/** A float32 or int64 tensor held in memory between steps (cut features, targets). */
export interface HostTensor {
  dims: number[];
  data: Float32Array | BigInt64Array;
}

export const toOrt = (t: HostTensor): ort.Tensor =>
  t.data instanceof BigInt64Array
    ? new ort.Tensor("int64", t.data, t.dims)
    : new ort.Tensor("float32", t.data, t.dims);

export const fromOrt = (t: ort.Tensor): HostTensor => ({
  dims: [...t.dims],
  data: t.type === "int64" ? (t.data as BigInt64Array).slice() : (t.data as Float32Array).slice(),
});

export const bytesOf = (t: HostTensor): number => t.data.byteLength;

/** Items stacked along the batch dimension (each item's dims[0] is 1, or the items share it). */
export function stack(items: readonly HostTensor[]): HostTensor {
  const first = items[0];
  if (!first) throw new Error("stack: no items");
  const per = first.data.length;
  const n = items.reduce((a, t) => a + (t.dims[0] ?? 1), 0);
  const data =
    first.data instanceof BigInt64Array
      ? new BigInt64Array(per * items.length)
      : new Float32Array(per * items.length);
  items.forEach((t, i) => {
    data.set(t.data as never, i * per);
  });
  return { dims: [n, ...first.dims.slice(1)], data };
}

export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
