import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { AppError } from "@edgeseg/protocol";
import { DATA_FIELDS, TENSOR } from "./onnx.ts";
import { body, readFields, readStringEntry, utf8, varints, type WireField } from "./wire.ts";

/** An initializer as the skeleton code sees it. */
export interface TensorInfo {
  bytes: Uint8Array;
  fields: WireField[];
  name: string;
  dtype: number;
  dims: number[];
  count: number;
  /** True when the tensor carries any value (inline or external). */
  hasData: boolean;
  external: { location: string; offset: number; length: number | null } | null;
}

export function readTensor(bytes: Uint8Array, where: string): TensorInfo {
  const fields = readFields(bytes, `an initializer of ${where}`);
  let name = "";
  let dtype = 0;
  let location = 0;
  const ext: Record<string, string> = {};
  for (const f of fields) {
    if (f.no === TENSOR.name && f.wire === 2) name = utf8(body(bytes, f));
    else if (f.no === TENSOR.dataType && f.wire === 0) dtype = f.value;
    else if (f.no === TENSOR.dataLocation && f.wire === 0) location = f.value;
    else if (f.no === TENSOR.externalData && f.wire === 2) {
      const e = readStringEntry(body(bytes, f), `external_data of initializer ${name}`);
      ext[e.key] = e.value;
    }
  }
  const dims = varints(bytes, fields, TENSOR.dims);
  const count = dims.reduce((a, b) => a * b, 1);
  const external =
    location === 1
      ? {
          location: ext.location ?? "",
          offset: Number(ext.offset ?? 0),
          length: ext.length === undefined ? null : Number(ext.length),
        }
      : null;
  const hasData = external !== null || fields.some((f) => DATA_FIELDS.has(f.no) && f.end > f.bodyStart);
  return { bytes, fields, name, dtype, dims, count, hasData, external };
}

/** The tensor's fields without its values: dims, data type, name, doc string and anything unknown. */
export function shellFields(t: TensorInfo): Uint8Array[] {
  return t.fields.filter((f) => !DATA_FIELDS.has(f.no)).map((f) => t.bytes.subarray(f.start, f.end));
}

/**
 * Raw little-endian bytes of an external-data tensor, read from its file next to the model. ONNX's
 * external data: `location` relative to the model's directory, `offset` and `length` in bytes.
 */
export function readExternal(t: TensorInfo, modelDir: string, byteLength: number): Buffer {
  const ext = t.external;
  if (!ext) throw new AppError("INTERNAL", `initializer ${t.name} has no external data`);
  const file = path.resolve(modelDir, ext.location);
  const rel = path.relative(modelDir, file);
  if (ext.location === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new AppError(
      "INPUT",
      `initializer ${t.name}: external data location "${ext.location}" is not a file inside the model's directory ${modelDir}`,
    );
  }
  const size = statSync(file, { throwIfNoEntry: false });
  if (!size?.isFile()) {
    throw new AppError(
      "INPUT",
      `initializer ${t.name}: external data file ${file} not found; put it next to the model (its statistics are read from it)`,
    );
  }
  const length = ext.length ?? byteLength;
  if (length !== byteLength || ext.offset + length > size.size) {
    throw new AppError(
      "INPUT",
      `initializer ${t.name}: external data in ${file} (offset ${ext.offset}, length ${length}) does not hold ${byteLength} bytes; the file does not belong to this model`,
    );
  }
  if (ext.offset === 0 && length === size.size) return readFileSync(file);
  const out = Buffer.alloc(length);
  const fd = openSync(file, "r");
  try {
    readSync(fd, out, 0, length, ext.offset);
  } finally {
    closeSync(fd);
  }
  return out;
}
