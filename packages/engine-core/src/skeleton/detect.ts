import { open } from "node:fs/promises";
import protobuf from "protobufjs/minimal.js";
import { MODEL, SKELETON_KEY } from "./onnx.ts";
import { readStringEntry } from "./wire.ts";

/**
 * Whether an ONNX file is a skeleton, reading only its top-level field headers and its metadata
 * entries (positional reads: a full model's graph is skipped by its length, never loaded).
 */
export async function isSkeletonFile(file: string): Promise<boolean> {
  const handle = await open(file, "r").catch(() => null);
  // Missing or unreadable: not a skeleton; the manifest's own checks name the problem.
  if (!handle) return false;
  try {
    const { size } = await handle.stat();
    const head = Buffer.alloc(32);
    let pos = 0;
    while (pos < size) {
      const { bytesRead } = await handle.read(head, 0, head.length, pos);
      const r = protobuf.Reader.create(head.subarray(0, bytesRead));
      const tag = r.uint32();
      const no = tag >>> 3;
      const wire = tag & 7;
      if (wire === 0) {
        r.uint64();
        pos += r.pos;
      } else if (wire === 1 || wire === 5) pos += r.pos + (wire === 1 ? 8 : 4);
      else if (wire === 2) {
        const len = r.uint32();
        const start = pos + r.pos;
        if (no === MODEL.metadataProps && len <= 64 * 2 ** 20) {
          const entry = Buffer.alloc(len);
          await handle.read(entry, 0, len, start);
          if (readStringEntry(entry, file).key === SKELETON_KEY) return true;
        }
        pos = start + len;
      } else return false;
    }
    return false;
  } catch {
    // Not a protobuf at all: certainly not a skeleton; the runtime gives its own error for the model.
    return false;
  } finally {
    await handle.close();
  }
}
