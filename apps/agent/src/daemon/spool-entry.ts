import { sha256Bytes } from "@edgeseg/bench/lite";
import { z } from "zod";

/**
 * One spool file: a JSON header line, then the payload bytes exactly as first encoded (so a re-sent
 * message is byte for byte the one first published). The header's length and sha256 let a reader
 * tell a complete entry from one torn by a crash or a failing SD card.
 */
const headerSchema = z
  .object({
    v: z.literal(1),
    id: z.string(),
    kind: z.string(),
    topic: z.string(),
    bytes: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();

export interface SpoolRecord {
  id: string;
  kind: string;
  topic: string;
  payload: Buffer;
}

export function encodeEntry(record: SpoolRecord): Buffer {
  const header = {
    v: 1,
    id: record.id,
    kind: record.kind,
    topic: record.topic,
    bytes: record.payload.byteLength,
    sha256: sha256Bytes(record.payload),
  };
  return Buffer.concat([Buffer.from(`${JSON.stringify(header)}\n`, "utf8"), record.payload]);
}

/** The record, or why the bytes are not a complete entry. */
export function decodeEntry(data: Buffer): SpoolRecord | { corrupt: string } {
  const newline = data.indexOf(0x0a);
  if (newline < 0) return { corrupt: "no header line" };
  let header: z.infer<typeof headerSchema>;
  try {
    header = headerSchema.parse(JSON.parse(data.subarray(0, newline).toString("utf8")));
  } catch {
    return { corrupt: "unreadable header" };
  }
  const payload = data.subarray(newline + 1);
  if (payload.byteLength !== header.bytes) {
    return { corrupt: `payload is ${payload.byteLength} bytes, the header says ${header.bytes}` };
  }
  if (sha256Bytes(payload) !== header.sha256) return { corrupt: "payload sha256 differs from the header's" };
  return { id: header.id, kind: header.kind, topic: header.topic, payload: Buffer.from(payload) };
}
