import type { Runtime, RuntimeOptions, Session } from "@edgeseg/engine-core";
import {
  checkSessionAgainstManifest,
  type SupportedManifest,
  type VerifiedGraph,
} from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { LabelMapping } from "../dataset/index.ts";
import { modelToDataset } from "../dataset/index.ts";
import { measureSessionCreate } from "../timing/index.ts";
import type { Engine } from "./engine.ts";
import { semantic3dEngine } from "./engine-3d.ts";
import { promptableEngine } from "./engine-promptable.ts";
import { semanticEngine } from "./engine-semantic.ts";

/**
 * Creates every session of the model (model-load time is their sum, reported apart from inference as
 * onnxruntime_perf_test does), checks each against the manifest, and wraps them for the run.
 */
export async function loadEngine(
  runtime: Runtime,
  manifest: SupportedManifest,
  graphs: readonly VerifiedGraph[],
  options: RuntimeOptions,
  mapping: LabelMapping,
): Promise<Engine> {
  const sessions: Record<string, Session> = {};
  let sessionCreateMs = 0;
  for (const graph of graphs) {
    const { session, ms } = await measureSessionCreate(runtime, graph.path, options);
    sessions[graph.role] = session;
    sessionCreateMs += ms;
    const spec = (manifest.graphs as Record<string, Parameters<typeof checkSessionAgainstManifest>[1]>)[
      graph.role
    ];
    if (spec) checkSessionAgainstManifest(session, spec, graph.role);
  }
  if (manifest.pipeline === "semantic-2d") {
    return semanticEngine(need(sessions, "model"), manifest, modelToDataset(mapping), sessionCreateMs);
  }
  if (manifest.pipeline === "semantic-3d-patch") {
    return semantic3dEngine(need(sessions, "model"), manifest, modelToDataset(mapping), sessionCreateMs);
  }
  const organValues = mapping.organs.map((o) => o.datasetValue);
  return promptableEngine(
    { encoder: need(sessions, "encoder"), decoder: need(sessions, "decoder") },
    manifest,
    organValues,
    sessionCreateMs,
  );
}

function need(sessions: Record<string, Session>, role: string): Session {
  const session = sessions[role];
  if (!session) throw new AppError("INPUT", `the manifest names no graphs.${role}; add it`);
  return session;
}
