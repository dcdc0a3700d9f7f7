import { execFileSync } from "node:child_process";
import { mkdir, readdir, readFile, rm, symlink, truncate, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { writeZeroGzip } from "@edgeseg/bench/testing";
import { repoRoot } from "../../support/process.ts";
import type { Family, FuzzContext } from "../family.ts";
import { WorkerPool } from "../pool.ts";
import type { Rng } from "../rng.ts";

/** The voxel buffer one read may allocate: a small clinic device's share (the engine's maxBytes option). */
export const NIFTI_MAX_BYTES = 128 * 2 ** 20;

const SOURCES = [
  "packages/bench/fixtures/nifti",
  "packages/bench/fixtures/metrics-reference/c1_iso_uint8",
  "packages/bench/fixtures/metrics-reference/c2_aniso_int16",
  "packages/bench/fixtures/metrics-reference/c3_float32_raw",
  "packages/bench/fixtures/metrics-reference/c4_2d_slice",
];

/** Sound single-file NIfTI-1 volumes (inflated), written by nibabel: the seeds every mutation starts from. */
async function baseVolumes(): Promise<{ name: string; bytes: Buffer }[]> {
  const out: { name: string; bytes: Buffer }[] = [];
  for (const dir of SOURCES) {
    for (const name of (await readdir(join(repoRoot, dir))).sort()) {
      if (!/\.nii(\.gz)?$/.test(name) || name.startsWith("refuse_")) continue;
      let bytes = await readFile(join(repoRoot, dir, name));
      if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
      out.push({ name: `${dir.split("/").pop()}/${name}`, bytes });
    }
  }
  return out;
}

/** NIfTI-1 header fields (nifti1.h offsets) a mutation may rewrite. */
const FIELDS: { name: string; at: number; type: "i16" | "i32" | "f32" }[] = [
  { name: "sizeof_hdr", at: 0, type: "i32" },
  ...[0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ name: `dim[${i}]`, at: 40 + 2 * i, type: "i16" as const })),
  { name: "datatype", at: 70, type: "i16" },
  { name: "bitpix", at: 72, type: "i16" },
  ...[0, 1, 2, 3].map((i) => ({ name: `pixdim[${i}]`, at: 76 + 4 * i, type: "f32" as const })),
  { name: "vox_offset", at: 108, type: "f32" },
  { name: "scl_slope", at: 112, type: "f32" },
  { name: "scl_inter", at: 116, type: "f32" },
  { name: "qform_code", at: 252, type: "i16" },
  { name: "sform_code", at: 254, type: "i16" },
  ...["b", "c", "d"].map((q, i) => ({ name: `quatern_${q}`, at: 256 + 4 * i, type: "f32" as const })),
  ...[0, 1, 2, 3, 11].map((i) => ({ name: `srow[${i}]`, at: 280 + 4 * i, type: "f32" as const })),
];

function setField(b: Buffer, f: (typeof FIELDS)[number], v: number): void {
  if (f.type === "f32") b.writeFloatLE(v, f.at);
  else if (f.type === "i16") b.writeInt16LE((((Math.trunc(v) % 65536) + 98304) % 65536) - 32768, f.at);
  else b.writeInt32LE((((Math.trunc(v) % 2 ** 32) + 2 ** 32 + 2 ** 31) % 2 ** 32) - 2 ** 31, f.at);
}

function header(dims: number[], datatype = 2, bitpix = 8): Buffer {
  const h = Buffer.alloc(352);
  h.writeInt32LE(348, 0);
  h.writeInt16LE(3, 40);
  for (const [i, d] of dims.entries()) h.writeInt16LE(d, 42 + 2 * i);
  for (let i = 4; i < 8; i++) h.writeInt16LE(1, 40 + 2 * i);
  h.writeInt16LE(datatype, 70);
  h.writeInt16LE(bitpix, 72);
  for (let i = 0; i < 4; i++) h.writeFloatLE(1, 76 + 4 * i);
  h.writeFloatLE(352, 108);
  h.write("n+1\0", 344, "latin1");
  return h;
}

type Made = { path: string; input: string };

export const niftiFamily: Family = {
  name: "nifti",
  async open(ctx: FuzzContext) {
    const bases = await baseVolumes();
    const pool = new WorkerPool({
      timeoutMs: ctx.timeoutMs,
      memoryBoundMb: ctx.memoryBoundMb,
      tmpDir: ctx.dir,
    });
    const files = join(ctx.dir, "files");
    await mkdir(files, { recursive: true });

    async function make(rng: Rng, index: number): Promise<Made> {
      const base = rng.pick(bases);
      const bytes = Buffer.from(base.bytes);
      const gz = rng.chance(0.5);
      const path = join(files, `${index}.nii${gz ? ".gz" : ""}`);
      const write = async (b: Buffer, what: string): Promise<Made> => {
        await writeFile(path, gz ? gzipSync(b, { level: 1 }) : b);
        return { path, input: `${what} of ${base.name}${gz ? " (gzip)" : ""}` };
      };
      const strategy = rng.int(0, 11);
      switch (strategy) {
        case 0:
        case 1: {
          const changed: string[] = [];
          for (let n = rng.int(1, 3); n > 0; n--) {
            const f = rng.pick(FIELDS);
            const v = rng.chance(0.5) ? rng.nasty() : rng.int(-40000, 40000);
            setField(bytes, f, v);
            changed.push(`${f.name}=${v}`);
          }
          return write(bytes, `header ${changed.join(", ")}`);
        }
        case 2: {
          const at = rng.int(0, bytes.length - 1);
          return write(bytes.subarray(0, at), `truncated at ${at}`);
        }
        case 3: {
          const n = rng.int(1, 16);
          for (let i = 0; i < n; i++) {
            const at = rng.chance(0.7) ? rng.int(0, 351) : rng.int(0, bytes.length - 1);
            bytes[at] = rng.int(0, 255);
          }
          return write(bytes, `${n} random bytes`);
        }
        case 4: {
          const dims = [rng.int(1, 32767), rng.int(1, 32767), rng.int(1, 32767)];
          for (const [i, d] of dims.entries()) bytes.writeInt16LE(d, 42 + 2 * i);
          return write(bytes, `dims ${dims.join("×")} over the same data`);
        }
        case 5: {
          // Sparse: as long as the header claims, with no room behind it.
          const dims = [32767, 32767, rng.int(1, 8)];
          const h = header(dims);
          await writeFile(join(files, `${index}.nii`), h);
          await truncate(join(files, `${index}.nii`), 352 + dims[0]! * dims[1]! * dims[2]!);
          return { path: join(files, `${index}.nii`), input: `sparse .nii of ${dims.join("×")} uint8` };
        }
        case 6: {
          // Gzip bomb: a small volume, then up to 4.5 GiB of zeros in a few MB on disk.
          const mib = Math.round(2 ** (rng.float() * Math.log2(4608)));
          const p = join(files, `${index}.nii.gz`);
          await writeZeroGzip(p, bytes, mib);
          return { path: p, input: `gzip bomb: ${base.name} then ${mib} MiB of zeros` };
        }
        case 7: {
          // Genuine but too large for the device: every voxel is there.
          const dims = [rng.int(2048, 32767), rng.int(2048, 32767), rng.int(1, 4)];
          const voxels = dims[0]! * dims[1]! * dims[2]!;
          const mib = Math.floor(voxels / 2 ** 20);
          const p = join(files, `${index}.nii.gz`);
          await writeZeroGzip(p, Buffer.concat([header(dims), Buffer.alloc(voxels - mib * 2 ** 20)]), mib);
          return { path: p, input: `genuine ${dims.join("×")} uint8 zeros` };
        }
        case 8: {
          const z = gzipSync(bytes);
          const how = rng.int(0, 3);
          const p = join(files, `${index}.nii.gz`);
          if (how === 0)
            for (let i = rng.int(1, 8); i > 0; i--) z[rng.int(10, z.length - 1)] = rng.int(0, 255);
          const out =
            how === 1
              ? z.subarray(0, rng.int(0, z.length - 1))
              : how === 2
                ? Buffer.concat([z, rng.bytes(rng.int(1, 4096))])
                : how === 3
                  ? Buffer.concat([z, gzipSync(rng.bytes(rng.int(1, 70_000)))])
                  : z;
          await writeFile(p, out);
          const what = [
            "flipped deflate bytes",
            "cut gzip stream",
            "garbage after the gzip member",
            "a second gzip member",
          ];
          return { path: p, input: `${what[how]} of ${base.name}` };
        }
        case 9: {
          const ext = rng.int(1, 64) * 16;
          const out = Buffer.concat([bytes.subarray(0, 352), rng.bytes(ext), bytes.subarray(352)]);
          out.writeFloatLE(352 + ext, 108);
          out[348] = rng.int(0, 1); // extension flag
          return write(out, `${ext}-byte random extension`);
        }
        case 10: {
          // Not a label map: float32 voxels with fractions, negatives, NaN.
          const dims = [rng.int(1, 16), rng.int(1, 16), rng.int(1, 8)];
          const n = dims[0]! * dims[1]! * dims[2]!;
          const data = Buffer.alloc(n * 4);
          for (let i = 0; i < n; i++)
            data.writeFloatLE(rng.chance(0.9) ? rng.int(0, 3) : rng.nasty() / 3, i * 4);
          return write(
            Buffer.concat([header(dims, 16, 32), data]),
            `float32 ${dims.join("×")} label content`,
          );
        }
        default: {
          const p = join(files, `${index}-special.nii`);
          const kind = rng.int(0, 5);
          if (kind === 0) await writeFile(p, "");
          else if (kind === 1) await mkdir(p);
          else if (kind === 2) execFileSync("mkfifo", [p]);
          else if (kind === 3) await symlink("/dev/zero", p);
          else if (kind === 4) await symlink(p, p);
          else await writeFile(p, rng.bytes(rng.int(1, 100_000)));
          const what = [
            "empty file",
            "directory",
            "FIFO with no writer",
            "symlink to /dev/zero",
            "symlink loop",
            "random bytes",
          ];
          return { path: p, input: what[kind]! };
        }
      }
    }

    return {
      async next(rng, index) {
        const made = await make(rng, index);
        const verdict = await pool.run({ op: "nifti", path: made.path, maxBytes: NIFTI_MAX_BYTES });
        await rm(made.path, { recursive: true, force: true });
        await rm(join(files, `${index}.nii`), { force: true });
        return { input: made.input, verdict };
      },
      async close() {
        await pool.close();
        return {};
      },
    };
  },
};
