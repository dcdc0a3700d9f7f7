import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { fillSkeleton, stripModel } from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { printJson } from "../../cli/output.ts";

const optionsSchema = z.object({
  out: z.string().min(1, "--out needs a file path"),
  json: z.boolean().default(false),
});

const mb = (bytes: number) =>
  bytes < 2 ** 20 ? `${(bytes / 1024).toFixed(1)} kB` : `${(bytes / 2 ** 20).toFixed(2)} MB`;

/** `edgeseg-agent skeleton strip <model.onnx> --out <file>`: the model without its weight values. */
export async function skeletonStripCommand(model: string, raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const out = resolve(opts.out);
  const result = await stripModel(resolve(model));
  await writeFile(out, result.skeleton).catch((err: Error) => {
    throw new AppError("INPUT", `cannot write skeleton ${out}: ${err.message}; choose a writable path`);
  });
  const summary = {
    out,
    sha256: createHash("sha256").update(result.skeleton).digest("hex"),
    bytes: result.skeleton.byteLength,
    source: result.meta.source,
    strippedTensors: result.meta.tensors.length,
    strippedElements: result.meta.tensors.reduce((n, t) => n + t.count, 0),
    keptTensors: result.kept,
  };
  if (opts.json) return printJson(summary);
  process.stdout.write(
    `skeleton written to ${out} (${mb(summary.bytes)}, from a ${mb(summary.source.bytes)} model)\n` +
      `${summary.strippedTensors} weight tensors (${summary.strippedElements} values) replaced by statistics; ` +
      `${summary.keptTensors} integer or scalar tensors kept\nsha256 ${summary.sha256}\n`,
  );
}

/** `edgeseg-agent skeleton fill <file> --out <model.onnx>`: a runnable model with synthetic weights. */
export async function skeletonFillCommand(skeleton: string, raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const out = resolve(opts.out);
  const result = await fillSkeleton(resolve(skeleton), out);
  const summary = { out, ...result, weights: "synthetic" as const };
  if (opts.json) return printJson(summary);
  process.stdout.write(
    `model with synthetic weights written to ${out} (${mb(result.bytes)}, ${result.tensors} tensors filled)\n` +
      `sha256 ${result.sha256} (deterministic for skeleton ${result.skeletonSha256})\n` +
      "synthetic weights: timing and memory only, its accuracy means nothing\n",
  );
}
