import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  aggregateOrgans,
  createRuntime,
  evaluateCase,
  type LabelMapping,
  loadDataset,
  loadEngine,
  overallMeans,
  type SupportedManifest,
  type VerifiedGraph,
} from "@edgeseg/bench";
import type { CaseResult } from "@edgeseg/protocol";

/**
 * DSC and NSD of the model on the site's test split, through the benchmark's own pipeline and metrics
 * (the same preprocessing, prompts and surface-distance definitions as every result). `replace` swaps
 * one graph's bytes (the fine-tuned weights written back into it) for a temporary file.
 */
export async function scoreSite(opts: {
  manifest: SupportedManifest;
  graphs: readonly VerifiedGraph[];
  testDir: string;
  testCases: number;
  mapping: LabelMapping;
  nsdToleranceMm: number;
  threads: number;
  replace?: { role: string; bytes: Uint8Array };
}): Promise<{ meanDice: number; meanNsd: number }> {
  const tmp = opts.replace ? await mkdtemp(join(tmpdir(), "edgeseg-finetuned-")) : null;
  try {
    const graphs = await Promise.all(
      opts.graphs.map(async (g) => {
        if (!opts.replace || g.role !== opts.replace.role || !tmp) return g;
        const path = join(tmp, `${g.role}.onnx`);
        await writeFile(path, opts.replace.bytes);
        return { ...g, path };
      }),
    );
    const runtime = await createRuntime("node");
    const engine = await loadEngine(
      runtime,
      opts.manifest,
      graphs,
      {
        intraOpThreads: opts.threads,
        graphOptimizationLevel: "all",
        executionProviders: ["cpu"],
        memoryArena: true,
        memoryPattern: true,
      },
      opts.mapping,
    );
    const dataset = await loadDataset(opts.testDir, { split: "test" });
    const cases: CaseResult[] = [];
    try {
      for (const c of dataset.cases.slice(0, opts.testCases))
        cases.push((await evaluateCase(engine, c, opts.mapping, opts.nsdToleranceMm)).result);
    } finally {
      await engine.release();
    }
    const means = overallMeans(aggregateOrgans(cases));
    return { meanDice: means.meanDice ?? 0, meanNsd: means.meanNsd ?? 0 };
  } finally {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  }
}
