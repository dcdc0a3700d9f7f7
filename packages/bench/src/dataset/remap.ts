/**
 * Label map with every value v replaced by fromTo.get(v); values not in the map become 0
 * (background: an organ the other side does not label is not scored). Targets must fit in 0..255.
 */
export function remapLabels(
  data: Uint8Array | Uint16Array | ArrayLike<number>,
  fromTo: Map<number, number>,
): Uint8Array {
  for (const [from, to] of fromTo) {
    if (!Number.isInteger(to) || to < 0 || to > 255) {
      throw new RangeError(`label ${from} maps to ${to}; remapped labels must be integers 0..255`);
    }
  }
  let size = data instanceof Uint8Array ? 256 : data instanceof Uint16Array ? 65536 : 0;
  if (size === 0) for (let i = 0; i < data.length; i++) size = Math.max(size, data[i]! + 1);
  const table = new Uint8Array(size);
  for (const [from, to] of fromTo) if (Number.isInteger(from) && from >= 0 && from < size) table[from] = to;
  const out = new Uint8Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = table[data[i]!] ?? 0;
  return out;
}
