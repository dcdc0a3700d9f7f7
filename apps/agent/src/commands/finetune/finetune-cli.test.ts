import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../test/cli.ts";

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
