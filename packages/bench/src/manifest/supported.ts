import { AppError } from "@edgeseg/protocol";
import type { ModelManifest, Promptable2dManifest, Semantic2dManifest } from "./schema.ts";

export type SupportedManifest = Semantic2dManifest | Promptable2dManifest;
export const supportedPipelines = ["semantic-2d", "promptable-2d"] as const;

/** semantic-3d-patch is part of the manifest format already but this engine version cannot run it. */
export function assertSupportedPipeline(manifest: ModelManifest, source: string): SupportedManifest {
  if (manifest.pipeline === "semantic-2d" || manifest.pipeline === "promptable-2d") return manifest;
  throw new AppError(
    "INPUT",
    `Model ${manifest.id} (${source}) uses pipeline "${manifest.pipeline}", which is not implemented in this engine ` +
      `version (supported: ${supportedPipelines.join(", ")}). Use a 2D export of the model (semantic-2d) or a newer edgeseg agent.`,
  );
}

/**
 * Called on the raw JSON before the schema: a reserved pipeline gets this answer whatever else the
 * manifest holds, rather than a list of fields that would not make it run either.
 */
export function refuseReservedPipeline(json: unknown, source: string): void {
  if (typeof json !== "object" || json === null) return;
  const { pipeline, id } = json as { pipeline?: unknown; id?: unknown };
  if (pipeline !== "semantic-3d-patch") return;
  const model = typeof id === "string" ? `Model ${id.slice(0, 100)}` : "The model";
  throw new AppError(
    "INPUT",
    `${model} (${source}) uses pipeline "semantic-3d-patch", which is not implemented in this engine version ` +
      `(supported: ${supportedPipelines.join(", ")}). Use a 2D export of the model (semantic-2d) or a newer edgeseg agent.`,
  );
}
