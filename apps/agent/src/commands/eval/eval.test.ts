import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm, truncate, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";

const refDir = join(repoRoot, "packages/bench/fixtures/metrics-reference");
type Expected = Record<
  string,
  { ext: string; labels: Record<string, { dice: number; nsd: number; hd95: number | null }> }
>;
let expected: Expected;
let tmp: string;

beforeAll(async () => {
  expected = JSON.parse(await readFile(join(refDir, "expected.json"), "utf8"));
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-eval-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("edgeseg-agent eval --json", () => {
  it("agrees with DeepMind's surface-distance values on every reference case", () => {
    for (const [name, ref] of Object.entries(expected)) {
      const run = runCli([
        "eval",
        "--pred",
        join(refDir, name, `pred${ref.ext}`),
        "--label",
        join(refDir, name, `label${ref.ext}`),
        "--json",
      ]);
      expect(run.status, run.stderr).toBe(0);
      const out = JSON.parse(run.stdout) as { labels: Expected[string]["labels"] };
      expect(Object.keys(out.labels).sort()).toEqual(Object.keys(ref.labels).sort());
      for (const [label, m] of Object.entries(ref.labels)) {
        const got = out.labels[label]!;
        expect(Math.abs(got.dice - m.dice), `${name}/${label} dice`).toBeLessThan(1e-6);
        expect(Math.abs(got.nsd - m.nsd), `${name}/${label} nsd`).toBeLessThan(1e-3);
        if (m.hd95 === null) expect(got.hd95, `${name}/${label} hd95`).toBeNull();
        else expect(Math.abs(got.hd95! - m.hd95), `${name}/${label} hd95`).toBeLessThan(1e-2);
      }
    }
  });

  it("uses the tolerance it is given", () => {
    const args = [
      "eval",
      "--pred",
      join(refDir, "c2_aniso_int16/pred.nii.gz"),
      "--label",
      join(refDir, "c2_aniso_int16/label.nii.gz"),
      "--json",
    ];
    const loose = JSON.parse(runCli([...args, "--tolerance-mm", "10"]).stdout);
    const tight = JSON.parse(runCli([...args, "--tolerance-mm", "0.5"]).stdout);
    expect(loose.toleranceMm).toBe(10);
    expect(loose.labels["1"].nsd).toBeGreaterThan(tight.labels["1"].nsd);
  });
});

describe("edgeseg-agent eval refuses bad input with one actionable line", () => {
  const label = join(refDir, "c1_iso_uint8/label.nii.gz");

  it("a truncated NIfTI file", async () => {
    const bytes = await readFile(join(refDir, "c3_float32_raw/pred.nii"));
    const truncated = join(tmp, "truncated.nii");
    await writeFile(truncated, bytes.subarray(0, bytes.length - 100));
    const run = runCli(["eval", "--pred", truncated, "--label", join(refDir, "c3_float32_raw/label.nii")]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("truncated.nii");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a file that is not NIfTI", async () => {
    const notNifti = join(tmp, "notes.nii");
    await writeFile(notNifti, "these are not voxels".repeat(40));
    const run = runCli(["eval", "--pred", notNifti, "--label", label]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("notes.nii");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("label content that is not a label map names the flag and the file, --pred or --label", async () => {
    const bytes = Buffer.from(await readFile(join(refDir, "c3_float32_raw/pred.nii")));
    bytes.writeFloatLE(0.5, bytes.readFloatLE(108)); // the first voxel
    const soft = join(tmp, "soft-pred.nii");
    await writeFile(soft, bytes);
    const other = join(refDir, "c3_float32_raw/label.nii");
    const asPred = runCli(["eval", "--pred", soft, "--label", other]);
    expect(asPred.status).toBe(3);
    expect(asPred.stderr).toContain(`--pred ${soft}: voxel 0 holds 0.5, not a label`);
    const asLabel = runCli(["eval", "--pred", other, "--label", soft]);
    expect(asLabel.stderr).toContain(`--label ${soft}: voxel 0 holds 0.5`);
    expect(asLabel.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a .nii whose header declares more than 4 GiB is refused in one line, not a RangeError stack", async () => {
    const head = Buffer.from((await readFile(join(refDir, "c3_float32_raw/pred.nii"))).subarray(0, 352));
    for (const [i, d] of [32767, 32767, 2].entries()) head.writeInt16LE(d, 42 + 2 * i); // float32: 8 GiB
    const sparse = join(tmp, "sparse.nii");
    await writeFile(sparse, head);
    await truncate(sparse, 352 + 32767 * 32767 * 2 * 4);
    const run = runCli(["eval", "--pred", sparse, "--label", label]);
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toMatch(
      /^edgeseg-agent: .*sparse\.nii: the header promises 32767×32767×2 float32 voxels \(8\.0 GiB\), more than this device can hold/,
    );
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a named pipe is refused at once instead of waiting for a writer", () => {
    const fifo = join(tmp, "pipe.nii.gz");
    execFileSync("mkfifo", [fifo]);
    const run = runCli(["eval", "--pred", fifo, "--label", label], { timeoutMs: 20_000 });
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toBe(
      `edgeseg-agent: ${fifo}: is a named pipe (FIFO), expected a .nii or .nii.gz file`,
    );
  });

  it("volumes on different grids", () => {
    const run = runCli(["eval", "--pred", join(refDir, "c2_aniso_int16/pred.nii.gz"), "--label", label]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/resample the prediction/);
  });

  it("a missing file and a bad tolerance", () => {
    expect(runCli(["eval", "--pred", join(tmp, "absent.nii.gz"), "--label", label]).status).toBe(3);
    const bad = runCli(["eval", "--pred", label, "--label", label, "--tolerance-mm", "-1"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--tolerance-mm");
  });
});
