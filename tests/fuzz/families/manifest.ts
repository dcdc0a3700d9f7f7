import { execFileSync } from "node:child_process";
import { cp, mkdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { repoRoot } from "../../support/process.ts";
import type { Family, FuzzContext } from "../family.ts";
import { WorkerPool } from "../pool.ts";
import type { Rng } from "../rng.ts";
import { mutateJson, mutateText } from "./json-mutate.ts";

/** Real manifests with their ONNX files: the standard suite's and the engine's test models. */
export const MODEL_DIRS = [
  "packages/suites/standard-v1/models/unet2d-small",
  "packages/suites/standard-v1/models/litemedsam-phantom",
  "packages/bench/fixtures/models/threshold-seg",
  "packages/bench/fixtures/models/box-prompt",
  "packages/bench/fixtures/models/patch3d-tiny",
];

/** Values a graph `file` may be given: escapes, absolute paths, a directory, a FIFO, a device. */
const GRAPH_FILES = [
  "../model.onnx",
  "/etc/passwd",
  "subdir",
  "pipe.onnx",
  "zero.onnx",
  "",
  ".",
  "model.onnx\0x",
  "a/".repeat(200),
];

export function manifestOverrides(rng: Rng): [(string | number)[], () => unknown][] {
  return [
    [
      ["pipeline"],
      () => rng.pick(["semantic-3d-patch", "semantic-2d", "promptable-2d", "semantic-4d", "", 3]),
    ],
    [["maxBatch"], () => (rng.chance(0.5) ? rng.nasty() : rng.int(-2, 100_000))],
    [["preprocessing", "resize"], () => [rng.pick([1, 128, 4096, 4097, 1e9, -1, 0.5]), rng.int(1, 70_000)]],
    [["preprocessing", "channels"], () => rng.pick([0, 1, 3, 16, 17, 1e6, -3, 2.5])],
    [["graphs", "model", "file"], () => rng.pick(GRAPH_FILES)],
    [["graphs", "encoder", "file"], () => rng.pick(GRAPH_FILES)],
    [["graphs", "model", "sha256"], () => rng.pick(["0".repeat(64), "A".repeat(64), "x", ""])],
    [["graphs", "model", "inputs", 0, "shape"], () => [rng.nasty(), "batch", -1, 1e9]],
    [["slidingWindow", "patchSize"], () => [rng.pick([1, 16, 512, 513, 1e9, -2]), rng.int(-1, 600), 0.5]],
    [["slidingWindow", "stepSize"], () => rng.pick([0, 1e-9, 1, 2, -0.5, 0.5])],
    [["labels"], () => ({ "0": "background", "99999999999": "x", "-1": "y", "1": "" })],
  ];
}

export const manifestFamily: Family = {
  name: "manifest",
  async open(ctx: FuzzContext) {
    const pool = new WorkerPool({
      timeoutMs: ctx.timeoutMs,
      memoryBoundMb: ctx.memoryBoundMb,
      tmpDir: ctx.dir,
    });
    const bases: { dir: string; text: string; json: unknown }[] = [];
    for (const [i, src] of MODEL_DIRS.entries()) {
      const dir = join(ctx.dir, `model-${i}`);
      await cp(join(repoRoot, src), dir, { recursive: true });
      await mkdir(join(dir, "subdir"));
      execFileSync("mkfifo", [join(dir, "pipe.onnx")]);
      await symlink("/dev/zero", join(dir, "zero.onnx"));
      const text = await readFile(join(dir, "manifest.json"), "utf8");
      bases.push({ dir, text, json: JSON.parse(text) });
    }
    return {
      async next(rng: Rng, index: number) {
        const base = rng.pick(bases);
        const path = join(base.dir, `fuzz-${index}.json`);
        let input: string;
        if (rng.chance(0.75)) {
          const { value, what } = mutateJson(rng, base.json, manifestOverrides(rng));
          await writeFile(path, JSON.stringify(value));
          input = `${what} in ${base.dir.split("/").pop()}`;
        } else {
          const { bytes, what } = mutateText(rng, base.text);
          await writeFile(path, bytes);
          input = `${what} of the manifest text in ${base.dir.split("/").pop()}`;
        }
        const verdict = await pool.run({ op: "manifest", path });
        await rm(path, { force: true });
        return { input, verdict };
      },
      async close() {
        await pool.close();
        return {};
      },
    };
  },
};
