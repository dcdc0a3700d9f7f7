import { createRuntime, loadManifest, runnableGraph, verifyGraphFiles } from "@edgeseg/engine-core";
import { AppError, type CaseResult } from "@edgeseg/protocol";
import { buildLabelMapping, loadDataset } from "../dataset/index.ts";
import { perCaseSummary } from "./aggregate.ts";
import type { ChildOutput, ChildProgress } from "./child-output.ts";
import { type EvaluatedCase, evaluateCase } from "./evaluate-cases.ts";
import { measureFirstQuery } from "./first-query.ts";
import { modelIdentity } from "./identify.ts";
import { loadEngine } from "./load-engine.ts";
import { traceMemory } from "./memory-trace.ts";
import { meterSingleStream, type PhaseWindow } from "./phases.ts";
import { runScenarios } from "./scenarios.ts";
import { watchScenarios } from "./single-stream-watch.ts";
import { defaultSkeletonCacheDir, type RunSpec } from "./spec.ts";
import { resolveThreads } from "./threads.ts";

/** The whole measurement, inside the child process. */
export async function executeRun(spec: RunSpec, report: (p: ChildProgress) => void): Promise<ChildOutput> {
  traceMemory("child started");
  report({ type: "progress", phase: "load", done: 0, total: 1 });
  const { manifest, dir, manifestSha256 } = await loadManifest(spec.manifestPath);
  // A skeleton is filled into the cache (keyed by its verified sha256) and loaded from there.
  const graphs = await Promise.all(
    (await verifyGraphFiles(manifest, dir)).map(async (g) => ({
      ...g,
      ...(await runnableGraph(g, spec.skeletonCacheDir ?? defaultSkeletonCacheDir())),
    })),
  );
  const synthetic = graphs.some((g) => g.synthetic);
  const dataset = await loadDataset(spec.datasetDir);
  const modelLabels = new Map(Object.entries(manifest.labels).map(([v, name]) => [Number(v), name]));
  const mapping = buildLabelMapping(dataset.labels, modelLabels);
  if (mapping.organs.length === 0) {
    throw new AppError(
      "INPUT",
      `model ${manifest.id} predicts [${[...modelLabels.values()].join(", ")}] but dataset ${dataset.id} labels ` +
        `[${[...dataset.labels.values()].join(", ")}]: no organ in common to score. Check both label maps.`,
    );
  }
  const cases = dataset.cases.slice(0, spec.scenario.maxCases ?? undefined);
  if (cases.length === 0)
    throw new AppError("INPUT", `dataset ${spec.datasetDir} has no case with a label to score`);
  const runtime = await createRuntime(spec.backend);
  traceMemory("runtime loaded, before sessions");
  const engine = await loadEngine(runtime, manifest, graphs, spec.runtime, mapping);
  traceMemory("sessions created");
  report({ type: "progress", phase: "load", done: 1, total: 1 });

  const results: CaseResult[] = [];
  let first: EvaluatedCase | null = null;
  let firstInferenceMs = 0;
  const spacings = new Set<string>();
  const caseWindows: PhaseWindow[] = [];
  for (const [n, c] of cases.entries()) {
    // Percent of the accuracy pass: cases differ in size, slices within a case are known.
    const onSlice = (done: number, total: number) =>
      report({
        type: "progress",
        phase: "accuracy",
        done: Math.floor((100 * (n + done / total)) / cases.length),
        total: 100,
        message: `case ${n + 1}/${cases.length} (${c.id})`,
      });
    // The first inference after model load is reported on its own; it would skew case 1's time.
    if (n === 0) {
      firstInferenceMs = await measureFirstQuery(engine, c);
      traceMemory("first inference");
    }
    const evaluated = await evaluateCase(
      engine,
      c,
      mapping,
      spec.scenario.nsdToleranceMm,
      onSlice,
      !synthetic,
    );
    results.push(evaluated.result);
    spacings.add(evaluated.spacing);
    caseWindows.push(evaluated.window);
    if (n === 0) first = evaluated;
    traceMemory(`case ${c.id} evaluated`);
  }
  if (!first) throw new AppError("INTERNAL", "no case was evaluated");

  report({ type: "progress", phase: "single-stream", done: 0, total: 1 });
  const metered = meterSingleStream(engine);
  const stopWatch = watchScenarios(metered.status, spec.scenario, report);
  const scenarios = await runScenarios(metered.engine, first.image, first.groundTruth, spec.scenario).finally(
    stopWatch,
  );
  report({ type: "progress", phase: "offline", done: 1, total: 1 });
  traceMemory("scenarios done");
  const promptable = engine.promptableTotals?.();
  const threads = resolveThreads(spec.runtime.intraOpThreads, runtime.backend, {
    wasmNumThreads:
      runtime.backend === "wasm" ? (await import("onnxruntime-web")).env.wasm.numThreads : undefined,
  });
  await engine.release();

  return {
    model: modelIdentity(manifest, manifestSha256, synthetic),
    dataset: {
      id: dataset.id,
      sha256: spec.datasetSha256 ?? (await dataset.sha256()),
      cases: cases.length,
      spacingMm: spacings.size === 1 ? [...spacings][0]! : "mixed",
    },
    runtime: {
      backend: runtime.backend,
      backendReason: spec.backendReason,
      requestedExecutionProviders: spec.runtime.executionProviders,
      executionProvider: engine.executionProvider,
      intraOpThreads: threads.threads,
      intraOpThreadsSource: threads.source,
      graphOptimizationLevel: spec.runtime.graphOptimizationLevel,
      memoryArena: spec.runtime.memoryArena,
      memoryPattern: spec.runtime.memoryPattern,
      onnxruntimeVersion: runtime.version,
    },
    cases: results,
    timing: {
      sessionCreateMs: engine.sessionCreateMs,
      firstInferenceMs,
      ...scenarios,
      perCase: perCaseSummary(results.map((r) => r.timing.totalMs)),
      ...(promptable
        ? {
            promptable: {
              ...promptable,
              encoderMsPerSlice:
                promptable.slicesEncoded > 0 ? promptable.encoderMs / promptable.slicesEncoded : null,
              decoderMsPerBox:
                promptable.boxesDecoded > 0 ? promptable.decoderMs / promptable.boxesDecoded : null,
            },
          }
        : {}),
    },
    phases: { cases: caseWindows, singleStream: metered.window() },
    unscoredOrgans: { missingInDataset: mapping.missingInDataset, missingInModel: mapping.missingInModel },
  };
}
