import { AppError } from "@edgeseg/protocol";
import type { ModelManifest, Promptable2dManifest, Semantic2dManifest } from "./schema.ts";

export type SupportedManifest = Semantic2dManifest | Promptable2dManifest;
export const supportedPipelines = ["semantic-2d", "promptable-2d"] as const;

/** semantic-3d-patch is part of the manifest format already but this engine version cannot run it. */
export function assertSupportedPipeline(manifest: ModelManifest, source: string): SupportedManifest {
  if (manifest.pipeline === "semantic-2d" || manifest.pipeline === "promptable-2d") return manifest;
  throw new AppError(
    "INPUT",
    `Model ${manifest.id} (${source}) uses pipeline "${manifest.pipeline}", which is not supported by this engine ` +
      `version (supported: ${supportedPipelines.join(", ")}). Use a 2D export of the model or a newer edgeseg agent.`,
  );
}
