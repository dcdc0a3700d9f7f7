import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";

const manifest = (id: string) => join(repoRoot, `packages/suites/standard-v1/models/${id}/manifest.json`);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-finetune-cli-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Bad input: one line on stderr that says what to do, the documented exit code, no stack trace. */
describe("edgeseg-agent finetune: bad input", () => {
  it.each([
    [[], 2, "give --model <manifest> (with the standard-v1 fine-tuning scenario) or --suite <id>"],
    [["--model", "m.json", "--suite", "standard-v1"], 2, "give either --model or --suite, not both"],
    [["--suite", "standard-v1", "--steps", "0"], 2, "--steps must be at least 1"],
    [["--suite", "standard-v1", "--epochs", "two"], 2, "--epochs must be a number"],
    [["--suite", "standard-v1", "--train-slices", "1.5"], 2, "--train-slices must be a whole number"],
    [["--suite", "no-such-suite"], 4, 'suite "no-such-suite" not found'],
    [["--suite", "architectures-v1"], 3, "has no fineTuning scenario"],
  ])("%j -> exit %i", (args, code, message) => {
    const run = runCli(["finetune", ...(args as string[])], { env: { EDGESEG_CACHE_DIR: dir } });
    expect(run.status).toBe(code);
    expect(run.stderr).toContain(message as string);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("refuses a model whose manifest declares no cut, before any data is generated", async () => {
    const m = JSON.parse(await readFile(manifest("unet2d-small"), "utf8"));
    m.fineTuning = { supported: false, notes: "" };
    await copyFile(
      join(repoRoot, "packages/suites/standard-v1/models/unet2d-small/model.onnx"),
      join(dir, "model.onnx"),
    );
    const path = join(dir, "no-cut.json");
    await writeFile(path, JSON.stringify(m));
    const run = runCli(["finetune", "--model", path], { env: { EDGESEG_CACHE_DIR: dir } });
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("does not declare on-device fine-tuning");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });
});

/** The real binary end to end: the site generated into the cache, a child per fine-tuning. */
describe("edgeseg-agent finetune --model", () => {
  let cache: string;
  beforeAll(async () => {
    cache = await mkdtemp(join(tmpdir(), "edgeseg-finetune-cache-"));
  });
  afterAll(async () => {
    await rm(cache, { recursive: true, force: true });
  });

  it("fine-tunes, prints progress on stderr and a table, and writes the block", async () => {
    const out = join(cache, "ft.json");
    const run = runCli(
      [
        "finetune",
        "--model",
        manifest("unet2d-small"),
        "--steps",
        "3",
        "--epochs",
        "1",
        "--threads",
        "2",
        "--json",
        out,
      ],
      { env: { EDGESEG_CACHE_DIR: cache }, timeoutMs: 600_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain("site b train: case 4/4");
    expect(run.stderr).toMatch(/epoch 1\/1: 3 steps, loss [0-9.]+, validation DSC 0\.\d+/);
    expect(run.stdout).toMatch(/unet2d-small +3 steps/);
    const { fineTuningResultSchema } = await import("@edgeseg/protocol");
    const doc = JSON.parse(await readFile(out, "utf8"));
    expect(doc.model.id).toBe("unet2d-small");
    expect(doc.suite.id).toBe("standard-v1");
    const block = fineTuningResultSchema.parse(doc.fineTuning);
    expect(block.status).toBe("succeeded");
    expect(block.steps).toBe(3);
    expect(block.before?.meanDice).toBeGreaterThan(0.5);
  }, 600_000);

  it("over its memory limit: a failed block in the JSON, exit 7 with one line, the agent finished normally", async () => {
    const out = join(cache, "oom.json");
    const run = runCli(
      [
        "finetune",
        "--model",
        manifest("unet2d-small"),
        "--steps",
        "2",
        "--memory-limit",
        "120",
        "--json",
        out,
      ],
      { env: { EDGESEG_CACHE_DIR: cache }, timeoutMs: 300_000 },
    );
    expect(run.status, run.stderr).toBe(7);
    expect(run.stderr.trim().split("\n").at(-1)).toMatch(/unet2d-small fine-tuning failed \(out-of-memory\)/);
    expect(run.stdout).toContain("FAILED (out-of-memory)");
    const doc = JSON.parse(await readFile(out, "utf8"));
    expect(doc.fineTuning.status).toBe("failed");
    expect(doc.fineTuning.failure.reason).toBe("out-of-memory");
  }, 300_000);
});
