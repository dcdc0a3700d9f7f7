import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { AppError } from "@edgeseg/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES } from "../testing/nifti-fixtures.ts";
import { writeZeroGzip } from "../testing/zero-gzip.ts";
import { readNifti } from "./read.ts";

async function refusal(path: string): Promise<AppError> {
  const err = await readNifti(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("INPUT");
  expect((err as AppError).message).toContain(path);
  return err as AppError;
}

describe("files edgeseg refuses (written by nibabel)", () => {
  const cases: [string, RegExp][] = [
    ["refuse_4d.nii.gz", /4 dimensions \(dim\[4\] = 2\).*split it into 3D files/],
    ["refuse_int64.nii", /datatype int64 \(code 1024\) is not supported; convert it to one of uint8/],
    ["refuse_complex64.nii", /datatype complex64 \(code 32\)/],
    ["refuse_nifti2.nii", /is a NIfTI-2 file; edgeseg reads NIfTI-1/],
    ["refuse_analyze.hdr", /not a NIfTI-1 file \(magic "", expected "n\+1"; Analyze 7.5\?\)/],
    ["refuse_analyze.img", /truncated header: 120 bytes/],
  ];
  for (const [name, message] of cases) {
    it(name, async () => expect((await refusal(join(FIXTURES, name))).message).toMatch(message));
  }
});

describe("damaged files", () => {
  let dir: string;
  let plain: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edgeseg-nifti-"));
    plain = await readFile(join(FIXTURES, "uint8_lps.nii"));
  });
  const damaged = async (name: string, bytes: Uint8Array) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return (await refusal(path)).message;
  };

  it("missing file and directory", async () => {
    expect((await refusal(join(dir, "nope.nii.gz"))).message).toMatch(/NIfTI file not found/);
    expect((await refusal(dir)).message).toMatch(/is a directory/);
  });

  it("truncated header, plain and gzip", async () => {
    expect(await damaged("short.nii", plain.subarray(0, 200))).toMatch(/truncated header: 200 bytes/);
    expect(await damaged("short.nii.gz", gzipSync(plain.subarray(0, 100)))).toMatch(
      /truncated header: 100 bytes/,
    );
    expect(await damaged("empty.nii", new Uint8Array())).toMatch(/truncated header: 0 bytes/);
  });

  it("truncated voxel data, plain and gzip", async () => {
    const cut = plain.subarray(0, plain.length - 7);
    expect(await damaged("cut.nii", cut)).toMatch(
      /truncated data: .* 60 bytes of 5×4×3 uint8 voxels from offset 352 \(412 bytes in all\) but the file has 405/,
    );
    expect(await damaged("cut.nii.gz", gzipSync(cut))).toMatch(/decompressed file ends after 405 bytes/);
  });

  it("header that promises more voxels than the file holds", async () => {
    const big = Buffer.from(plain);
    big.writeInt16LE(40, 44); // dim[2] = 40 instead of 4
    expect(await damaged("mismatch.nii", big)).toMatch(
      /5×40×3 uint8 .* \(952 bytes in all\) but the file has 412/,
    );
  });

  it("wrong magic", async () => {
    const bad = Buffer.from(plain);
    bad.write("xyz\0", 344, "latin1");
    expect(await damaged("magic.nii", bad)).toMatch(/not a NIfTI-1 file \(magic "xyz"/);
    expect(await damaged("text.nii", Buffer.from("hello ".repeat(100)))).toMatch(/sizeof_hdr is not 348/);
  });

  it("non-positive dims and a bad vox_offset", async () => {
    const zero = Buffer.from(plain);
    zero.writeInt16LE(0, 44);
    expect(await damaged("zero.nii", zero)).toMatch(/dim\[2\] = 0; every dimension must be positive/);
    const neg = Buffer.from(plain);
    neg.writeInt16LE(-5, 42);
    expect(await damaged("neg.nii", neg)).toMatch(/dim\[1\] = -5/);
    const off = Buffer.from(plain);
    off.writeFloatLE(100, 108);
    expect(await damaged("offset.nii", off)).toMatch(
      /vox_offset = 100; a single-file NIfTI-1 needs an integer ≥ 352/,
    );
  });

  it("corrupt gzip: damaged deflate stream, bad CRC, cut mid-stream", async () => {
    const gz = await readFile(join(FIXTURES, "float64_sform_over_qform.nii.gz"));
    const flipped = Buffer.from(gz);
    for (let i = 20; i < 60; i++) flipped[i] = flipped[i]! ^ 0x5a;
    expect(await damaged("flip.nii.gz", flipped)).toMatch(/corrupt or truncated gzip data/);
    const crc = Buffer.from(gz);
    crc[crc.length - 6] = crc[crc.length - 6]! ^ 0xff; // inside the CRC-32 trailer
    expect(await damaged("crc.nii.gz", crc)).toMatch(/corrupt or truncated gzip data \(.*\)/);
    expect(await damaged("half.nii.gz", gz.subarray(0, gz.length >> 1))).toMatch(/corrupt or truncated gzip/);
    expect(gunzipSync(gz).length).toBe(832); // the original is sound
  });
});

describe("a gzip header that asks for an impossible volume", () => {
  it("is refused before any voxel is read", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-nifti-"));
    const head = Buffer.from(await readFile(join(FIXTURES, "float64_sform_over_qform.nii")));
    for (const at of [42, 44, 46]) head.writeInt16LE(32767, at); // 32767³ float64 voxels: 256 TiB
    const path = join(dir, "huge.nii.gz");
    await writeFile(path, gzipSync(head));
    const err = await readNifti(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toMatch(
      /promises 32767×32767×32767 float64 voxels \(.* GiB\), more than/,
    );
  });
});

describe("declared sizes checked against the file and the device before any voxel exists", () => {
  let dir: string;
  let head: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "edgeseg-nifti-"));
    head = Buffer.from((await readFile(join(FIXTURES, "uint8_lps.nii"))).subarray(0, 352));
  });
  const withDims = (dims: [number, number, number]) => {
    const h = Buffer.from(head);
    for (const [i, d] of dims.entries()) h.writeInt16LE(d, 42 + 2 * i);
    return h;
  };
  const message = (path: string, options = {}) =>
    readNifti(path, options).then(
      () => "accepted",
      (e: unknown) => (e instanceof AppError ? e.message : `crash: ${String(e)}`),
    );

  it("a sparse plain .nii as long as its >4 GiB header claims is refused, not a RangeError", async () => {
    const path = join(dir, "sparse.nii");
    await writeFile(path, withDims([32767, 32767, 5])); // 5.0 GiB of uint8
    await truncate(path, 352 + 32767 * 32767 * 5);
    const started = performance.now();
    expect(await message(path)).toMatch(
      /sparse\.nii: the header promises 32767×32767×5 uint8 voxels \(5\.0 GiB\), more than this device can hold \(limit [0-9.]+ GiB, half its memory\)/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a 4 MB .nii.gz of 32767×32767×4 uint8 zeros is refused at once on a device with room for 2 GiB", async () => {
    const path = join(dir, "zeros.nii.gz");
    const voxels = 32767 * 32767 * 4;
    const mib = Math.floor(voxels / 2 ** 20);
    const prefix = Buffer.concat([withDims([32767, 32767, 4]), Buffer.alloc(voxels - mib * 2 ** 20)]);
    const bytes = await writeZeroGzip(path, prefix, mib); // a genuine volume: every voxel is there
    expect(bytes).toBeLessThan(5e6);
    const started = performance.now();
    expect(await message(path, { maxBytes: 2 ** 31 })).toMatch(
      /32767×32767×4 uint8 voxels \(4\.0 GiB\), more than this device can hold \(limit 2\.0 GiB\) — is the header corrupt/,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("a .nii.gz header promising more than deflate can hold in the file is refused", async () => {
    const path = join(dir, "ratio.nii.gz");
    await writeFile(path, gzipSync(withDims([1000, 1000, 100])));
    expect(await message(path)).toMatch(
      /1000×1000×100 uint8 voxels \(100000352 bytes decompressed\) but a \d+-byte gzip file cannot inflate to more than/,
    );
  });

  it("a gzip bomb stops at the first chunk past the declared voxels", async () => {
    const path = join(dir, "bomb.nii.gz");
    await writeZeroGzip(path, withDims([5, 4, 3]), 4608); // 4.5 GiB of zeros after 412 bytes of volume
    const started = performance.now();
    expect(await message(path)).toMatch(
      /bomb\.nii\.gz: the gzip data goes on past the 412 bytes its header declares/,
    );
    expect(performance.now() - started).toBeLessThan(200); // inflating all 4.5 GiB takes ~10 s
  });

  it("a named pipe with no writer is refused at once instead of waiting for one", async () => {
    const path = join(dir, "pipe.nii");
    execFileSync("mkfifo", [path]);
    expect(await message(path)).toBe(`${path}: is a named pipe (FIFO), expected a .nii or .nii.gz file`);
  });

  it("a smaller maxBytes refuses a volume the default accepts", async () => {
    const path = join(FIXTURES, "uint8_lps.nii");
    expect((await readNifti(path)).data.length).toBe(60);
    expect(await message(path, { maxBytes: 59 })).toMatch(/5×4×3 uint8 voxels .*limit 0\.000 GiB/);
  });
});
