import { AppError } from "@edgeseg/protocol";
import type {
  ModelManifest,
  Promptable2dManifest,
  Semantic2dManifest,
  Semantic3dPatchManifest,
} from "./schema.ts";

export type SupportedManifest = Semantic2dManifest | Promptable2dManifest | Semantic3dPatchManifest;
export const supportedPipelines = ["semantic-2d", "promptable-2d", "semantic-3d-patch"] as const;

/** Every pipeline of the manifest format runs in this engine version; a future one is refused here. */
export function assertSupportedPipeline(manifest: ModelManifest, source: string): SupportedManifest {
  if ((supportedPipelines as readonly string[]).includes(manifest.pipeline)) return manifest;
  throw new AppError(
    "INPUT",
    `Model ${manifest.id} (${source}) uses pipeline "${String(manifest.pipeline)}", which is not implemented in this engine ` +
      `version (supported: ${supportedPipelines.join(", ")}). Use a newer edgeseg agent.`,
  );
}
