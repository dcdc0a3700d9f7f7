import { AppError } from "@edgeseg/protocol";
import { bfloatToNumber, halfToNumber } from "./half.ts";
import { BYTES_PER_ELEMENT, DTYPE, type StrippedDtype, TENSOR } from "./onnx.ts";
import type { TensorStats } from "./schema.ts";
import { readExternal, type TensorInfo } from "./tensor.ts";
import { body, varints } from "./wire.ts";

/** Running mean and variance (Welford) over the finite values, with min and max. */
class Moments {
  n = 0;
  mean = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  add(x: number): void {
    if (!Number.isFinite(x)) return;
    this.n++;
    const d = x - this.mean;
    this.mean += d / this.n;
    this.m2 += d * (x - this.mean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }
}

function addRaw(dtype: StrippedDtype, raw: Uint8Array, m: Moments): void {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const n = raw.byteLength / BYTES_PER_ELEMENT[dtype];
  for (let i = 0; i < n; i++) {
    if (dtype === DTYPE.float) m.add(dv.getFloat32(4 * i, true));
    else if (dtype === DTYPE.double) m.add(dv.getFloat64(8 * i, true));
    else if (dtype === DTYPE.float16) m.add(halfToNumber(dv.getUint16(2 * i, true)));
    else if (dtype === DTYPE.bfloat16) m.add(bfloatToNumber(dv.getUint16(2 * i, true)));
    else if (dtype === DTYPE.int8) m.add(dv.getInt8(i));
    else m.add(dv.getUint8(i));
  }
}

/** The tensor's values as little-endian raw bytes, or null when they sit in typed fields. */
function rawBytes(t: TensorInfo, dtype: StrippedDtype, modelDir: string): Uint8Array | null {
  const bytes = t.count * BYTES_PER_ELEMENT[dtype];
  if (t.external) return readExternal(t, modelDir, bytes);
  const raw = t.fields.find((f) => f.no === TENSOR.rawData && f.wire === 2);
  if (!raw) return null;
  const data = body(t.bytes, raw);
  if (data.byteLength !== bytes) {
    throw new AppError(
      "INPUT",
      `initializer ${t.name}: raw_data holds ${data.byteLength} bytes, its dims and type need ${bytes}; the model is damaged`,
    );
  }
  return data;
}

/** Mean, standard deviation, min and max of a weight tensor (inline, typed fields or external data). */
export function tensorStats(t: TensorInfo, dtype: StrippedDtype, modelDir: string): TensorStats {
  const m = new Moments();
  const raw = rawBytes(t, dtype, modelDir);
  if (raw) addRaw(dtype, raw, m);
  else if (dtype === DTYPE.float || dtype === DTYPE.double) {
    const size = dtype === DTYPE.float ? 4 : 8;
    const no = dtype === DTYPE.float ? TENSOR.floatData : TENSOR.doubleData;
    for (const f of t.fields) {
      if (f.no !== no) continue;
      const b = f.wire === 2 ? body(t.bytes, f) : t.bytes.subarray(f.end - size, f.end);
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      for (let o = 0; o + size <= b.byteLength; o += size)
        m.add(size === 4 ? dv.getFloat32(o, true) : dv.getFloat64(o, true));
    }
  } else {
    // float16, bfloat16, int8 and uint8 values sit one per int32_data entry (onnx.proto's rule).
    for (const v of varints(t.bytes, t.fields, TENSOR.int32Data)) {
      if (dtype === DTYPE.float16) m.add(halfToNumber(v & 0xffff));
      else if (dtype === DTYPE.bfloat16) m.add(bfloatToNumber(v));
      else m.add(dtype === DTYPE.int8 ? (v << 24) >> 24 : v & 0xff);
    }
  }
  if (m.n === 0) return { name: t.name, dtype, count: t.count, mean: 0, std: 0, min: 0, max: 0 };
  return {
    name: t.name,
    dtype,
    count: t.count,
    mean: Math.min(m.max, Math.max(m.min, m.mean)),
    std: Math.sqrt(m.m2 / m.n),
    min: m.min,
    max: m.max,
  };
}
