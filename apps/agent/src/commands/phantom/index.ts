import { resolve } from "node:path";
import { DEFAULT_CASES, PHANTOM_GENERATOR_ID, PHANTOM_SEEDS, writePhantomDataset } from "@edgeseg/phantom";
import { z } from "zod";
import { numberFlag, parseOptions } from "../../cli/options.ts";
import { printJson } from "../../cli/output.ts";
import { createProgress } from "../bench/progress.ts";

const optionsSchema = z.object({
  out: z.string().min(1),
  split: z.enum(["test", "train"], { error: "--split must be test or train" }),
  cases: numberFlag("--cases").pipe(z.number().int().min(1).max(1000)).optional(),
  json: z.boolean().default(false),
});

export async function phantomCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const out = resolve(opts.out);
  const progress = createProgress(`${PHANTOM_GENERATOR_ID} ${opts.split}`);
  const started = performance.now();
  const written = await (async () => {
    try {
      return await writePhantomDataset(out, {
        split: opts.split,
        ...(opts.cases ? { cases: opts.cases } : {}),
        onCase: (done, total) =>
          progress.update({ type: "progress", phase: "accuracy", done, total, message: "writing cases" }),
      });
    } finally {
      progress.stop();
    }
  })();
  const seconds = (performance.now() - started) / 1000;
  const summary = {
    generator: PHANTOM_GENERATOR_ID,
    split: opts.split,
    seed: PHANTOM_SEEDS[opts.split],
    cases: opts.cases ?? DEFAULT_CASES[opts.split],
    out,
    sha256: written.sha256,
    seconds,
  };
  if (opts.json) return printJson(summary);
  process.stdout.write(
    `${summary.generator} ${summary.split} split: ${summary.cases} cases written to ${out} in ${seconds.toFixed(1)} s\n` +
      `dataset sha256 ${written.sha256}\n`,
  );
}
