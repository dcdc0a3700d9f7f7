import { AppError } from "@edgeseg/protocol";
import protobuf from "protobufjs/minimal.js";

/**
 * One field of a protobuf message as it lies in the bytes: the skeleton code copies fields it does not
 * change byte for byte (the graph's nodes, value infos, opsets), so nothing it does not understand is lost.
 */
export interface WireField {
  no: number;
  /** Protobuf wire type: 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wire: number;
  /** Offsets of the whole field (tag included) in the message. */
  start: number;
  end: number;
  /** Length-delimited fields: offsets of the payload. */
  bodyStart: number;
  /** Varint fields: the value (exact up to 2^53). */
  value: number;
}

/** Long (from the `long` package, when installed) or number: protobufjs returns either for 64-bit varints. */
function toNumber(v: number | { toNumber(): number }): number {
  return typeof v === "number" ? v : v.toNumber();
}

/** The fields of one message, in order. Malformed bytes throw an AppError naming `what`. */
export function readFields(buf: Uint8Array, what: string): WireField[] {
  const reader = protobuf.Reader.create(buf);
  const out: WireField[] = [];
  try {
    while (reader.pos < reader.len) {
      const start = reader.pos;
      const tag = reader.uint32();
      const no = tag >>> 3;
      const wire = tag & 7;
      if (no === 0) throw new Error("field number 0");
      let value = 0;
      let bodyStart = reader.pos;
      if (wire === 0) value = toNumber(reader.uint64() as unknown as number | { toNumber(): number });
      else if (wire === 2) {
        const len = reader.uint32();
        bodyStart = reader.pos;
        reader.skip(len);
      } else if (wire === 1 || wire === 5) reader.skipType(wire);
      else throw new Error(`wire type ${wire}`);
      out.push({ no, wire, start, end: reader.pos, bodyStart, value });
    }
  } catch (err) {
    throw new AppError("INPUT", `${what} is not a valid protobuf message (${(err as Error).message})`);
  }
  return out;
}

/** The payload of a length-delimited field. */
export const body = (buf: Uint8Array, f: WireField): Uint8Array => buf.subarray(f.bodyStart, f.end);

/** Packed or unpacked repeated varints (e.g. TensorProto.dims, int32_data). */
export function varints(buf: Uint8Array, fs: readonly WireField[], no: number): number[] {
  const out: number[] = [];
  for (const f of fs) {
    if (f.no !== no) continue;
    if (f.wire === 0) out.push(f.value);
    else if (f.wire === 2) {
      const r = protobuf.Reader.create(body(buf, f));
      while (r.pos < r.len) out.push(toNumber(r.int64() as unknown as number | { toNumber(): number }));
    }
  }
  return out;
}

export const utf8 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("utf8");

/** Tag and length prefix of a length-delimited field whose payload is `len` bytes. */
export function lengthPrefix(no: number, len: number): Uint8Array {
  return protobuf.Writer.create()
    .uint32((no << 3) | 2)
    .uint32(len)
    .finish();
}

/** A whole length-delimited field. */
export function lengthDelimited(no: number, payload: Uint8Array): Uint8Array {
  return Buffer.concat([lengthPrefix(no, payload.length), payload]);
}

/** A string→string entry (ONNX StringStringEntryProto: key = 1, value = 2). */
export function stringEntry(key: string, value: string): Uint8Array {
  return Buffer.concat([lengthDelimited(1, Buffer.from(key)), lengthDelimited(2, Buffer.from(value))]);
}

/** Reads a StringStringEntryProto. */
export function readStringEntry(buf: Uint8Array, what: string): { key: string; value: string } {
  let key = "";
  let value = "";
  for (const f of readFields(buf, what)) {
    if (f.no === 1 && f.wire === 2) key = utf8(body(buf, f));
    if (f.no === 2 && f.wire === 2) value = utf8(body(buf, f));
  }
  return { key, value };
}
