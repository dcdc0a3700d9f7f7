import { dirname, join } from "node:path";
import {
  checkSessionAgainstManifest,
  createRuntime,
  firstLine,
  type RuntimeOptions,
  runnableGraph,
  type SupportedManifest,
} from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";

// Loading is all that is checked: one thread, no optimisation work, no arena.
const LOAD_ONLY: RuntimeOptions = {
  intraOpThreads: 1,
  graphOptimizationLevel: "disabled",
  executionProviders: ["cpu"],
  memoryArena: false,
  memoryPattern: false,
};

/**
 * Loads every graph with onnxruntime-node and compares its inputs and outputs (names, element types,
 * fixed dimensions) with the manifest — the engine's own check, so a model that uploads is a model
 * agents can load. A skeleton (docs/skeletons.md) is filled into the upload's own temporary directory
 * first and that is loaded, as an agent would. Messages name the manifest's file names, never the
 * staging directory.
 */
export async function checkGraphs(manifest: SupportedManifest, dir: string): Promise<void> {
  const runtime = await createRuntime("node");
  for (const [role, spec] of Object.entries(manifest.graphs)) {
    let session: Awaited<ReturnType<typeof runtime.createSession>>;
    try {
      const graph = await runnableGraph(
        { path: join(dir, spec.file), sha256: spec.sha256 },
        join(dirname(dir), "filled"),
      );
      session = await runtime.createSession(graph.path, LOAD_ONLY);
    } catch (error) {
      const why = firstLine(error).replaceAll(`${dir}/`, "");
      throw new AppError(
        "INPUT",
        `${spec.file} (graphs.${role}) cannot be loaded by ONNX Runtime ${runtime.version}: ${why}. Upload a valid ONNX file.`,
      );
    }
    try {
      checkSessionAgainstManifest(session, spec, role);
    } finally {
      await session.release();
    }
  }
}
