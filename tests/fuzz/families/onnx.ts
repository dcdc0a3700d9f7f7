import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../../support/process.ts";
import type { Family, FuzzContext } from "../family.ts";
import { WorkerPool } from "../pool.ts";
import type { Rng } from "../rng.ts";

/** Real small ONNX graphs (PyTorch exports): the standard suite's smallest model and the engine's 2D and 3D test models. */
const GRAPHS = [
  "packages/suites/standard-v1/models/unet2d-small/model.onnx",
  "packages/bench/fixtures/models/threshold-seg/model.onnx",
  "packages/bench/fixtures/models/box-prompt/encoder.onnx",
  "packages/bench/fixtures/models/box-prompt/decoder.onnx",
  "packages/bench/fixtures/models/patch3d-tiny/model.onnx",
];

/**
 * Positions of protobuf length prefixes (a wire-type-2 tag byte followed by a varint) near the start
 * of the file: rewriting one makes a field claim more or fewer bytes than it has, as a corrupt
 * transfer or a malicious file would.
 */
function lengthPrefixes(bytes: Buffer, limit = 4096): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(bytes.length - 1, limit); i++)
    if ((bytes[i]! & 7) === 2 && bytes[i]! >> 3 > 0) out.push(i + 1);
  return out;
}

function varint(n: number): Buffer {
  const out: number[] = [];
  let v = BigInt(Math.max(0, Math.trunc(n)));
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

export const onnxFamily: Family = {
  name: "onnx",
  async open(ctx: FuzzContext) {
    const pool = new WorkerPool({
      timeoutMs: ctx.timeoutMs,
      memoryBoundMb: ctx.memoryBoundMb,
      tmpDir: ctx.dir,
    });
    const bases = await Promise.all(
      GRAPHS.map(async (g) => ({
        name: g.split("/").slice(-2).join("/"),
        bytes: await readFile(join(repoRoot, g)),
      })),
    );
    return {
      async next(rng: Rng, index: number) {
        const base = rng.pick(bases);
        let bytes: Buffer = Buffer.from(base.bytes);
        let what: string;
        switch (rng.int(0, 6)) {
          case 0: {
            const n = rng.int(1, 32);
            for (let i = 0; i < n; i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
            what = `${n} random bytes`;
            break;
          }
          case 1: {
            const n = rng.int(1, 8);
            for (let i = 0; i < n; i++) bytes[rng.int(0, Math.min(bytes.length, 2048) - 1)] = rng.int(0, 255);
            what = `${n} random bytes in the graph's first 2 KiB`;
            break;
          }
          case 2: {
            const at = rng.int(0, bytes.length - 1);
            bytes = bytes.subarray(0, at);
            what = `truncated at ${at}`;
            break;
          }
          case 3: {
            const spots = lengthPrefixes(bytes);
            const at = rng.pick(spots);
            const len = rng.pick([0, 1, 2 ** 31 - 1, 2 ** 32, 2 ** 35, 2 ** 62, rng.int(0, 1_000_000)]);
            bytes = Buffer.concat([bytes.subarray(0, at), varint(len), bytes.subarray(at + 1)]);
            what = `length prefix at ${at} set to ${len}`;
            break;
          }
          case 4: {
            const from = rng.int(0, bytes.length - 1);
            const piece = bytes.subarray(from, from + rng.int(1, 4096));
            const to = rng.int(0, bytes.length - 1);
            bytes = Buffer.concat([bytes.subarray(0, to), piece, bytes.subarray(to)]);
            what = `${piece.length} bytes from ${from} inserted at ${to}`;
            break;
          }
          case 5: {
            const from = rng.int(0, bytes.length - 1);
            bytes.fill(rng.pick([0, 0xff]), from, Math.min(bytes.length, from + rng.int(1, 65_536)));
            what = `a region from ${from} filled`;
            break;
          }
          default: {
            bytes = rng.chance(0.2) ? Buffer.alloc(0) : rng.bytes(rng.int(1, 20_000));
            what = `${bytes.length} random bytes`;
          }
        }
        const path = join(ctx.dir, `${index}.onnx`);
        await writeFile(path, bytes);
        const verdict = await pool.run({ op: "onnx", path });
        await rm(path, { force: true });
        return { input: `${what} of ${base.name}`, verdict };
      },
      async close() {
        await pool.close();
        return {};
      },
    };
  },
};
