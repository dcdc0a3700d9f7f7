/**
 * Skeleton fidelity: a U-Net exported with PyTorch's random initialisation and the model filled from
 * its skeleton, measured interleaved in one run (each measurement a fresh process: load, 3 warm-up
 * runs, `--queries` timed runs, VmHWM). Reports the median over rounds of each side's p50 latency,
 * peak RSS and load time, and the filled/original ratios; the target is p50 within ±5 % and peak RSS
 * within ±10 % (issue 14).
 *
 *   npm run bench:skeleton -- [--rounds 9] [--queries 30] [--threads 1] [--side 256] [--width 32] [--json]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { fillSkeleton, stripModel } from "@edgeseg/engine-core";
import { z } from "zod";
import { compareInterleaved, exportRandomUnet, median } from "./skeleton/compare.ts";

const args = z
  .object({
    rounds: z.coerce.number().int().positive().default(9),
    queries: z.coerce.number().int().positive().default(30),
    threads: z.coerce.number().int().nonnegative().default(1),
    side: z.coerce.number().int().positive().default(256),
    width: z.coerce.number().int().positive().default(32),
    json: z.boolean().default(false),
  })
  .parse(
    parseArgs({
      options: {
        rounds: { type: "string" },
        queries: { type: "string" },
        threads: { type: "string" },
        side: { type: "string" },
        width: { type: "string" },
        json: { type: "boolean" },
      },
    }).values,
  );

const dir = mkdtempSync(path.join(tmpdir(), "edgeseg-bench-skeleton-"));
try {
  const original = path.join(dir, "model.onnx");
  const params = await exportRandomUnet(original, args.side, args.width);
  const stripped = await stripModel(original);
  const skeleton = path.join(dir, "model.skel.onnx");
  writeFileSync(skeleton, stripped.skeleton);
  const filled = path.join(dir, "filled.onnx");
  const t0 = performance.now();
  await fillSkeleton(skeleton, filled);
  const fillMs = performance.now() - t0;
  const m = await compareInterleaved(original, filled, args);
  const pick = (side: "original" | "filled", key: "p50Ms" | "peakRssMb" | "loadMs") =>
    median(m[side].map((x) => x[key]));
  const rows = (["p50Ms", "peakRssMb", "loadMs"] as const).map((key) => ({
    key,
    original: pick("original", key),
    filled: pick("filled", key),
    ratio: pick("filled", key) / pick("original", key),
  }));
  const report = {
    model: `random-init U-Net, width ${args.width}, input 1×1×${args.side}×${args.side}`,
    params,
    modelBytes: statSync(original).size,
    skeletonBytes: stripped.skeleton.byteLength,
    fillMs,
    settings: { rounds: args.rounds, queries: args.queries, threads: args.threads },
    allFinite: [...m.original, ...m.filled].every((x) => x.finite),
    rows,
    pairedP50Ratio: median(m.filled.map((f, i) => f.p50Ms / (m.original[i]?.p50Ms ?? Number.NaN))),
  };
  if (args.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else {
    process.stdout.write(
      `${report.model}: ${params} parameters, model ${(report.modelBytes / 2 ** 20).toFixed(2)} MB, ` +
        `skeleton ${(report.skeletonBytes / 1024).toFixed(1)} kB, fill ${fillMs.toFixed(0)} ms\n` +
        `${args.rounds} interleaved rounds × ${args.queries} queries, ${args.threads} thread(s); outputs finite: ${report.allFinite}\n` +
        "| | original | filled skeleton | filled / original |\n|---|---|---|---|\n" +
        rows
          .map(
            (r) => `| ${r.key} | ${r.original.toFixed(2)} | ${r.filled.toFixed(2)} | ${r.ratio.toFixed(3)} |`,
          )
          .join("\n") +
        `\npaired per-round p50 ratio (median): ${report.pairedP50Ratio.toFixed(3)}\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
