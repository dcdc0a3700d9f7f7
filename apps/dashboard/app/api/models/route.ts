import { modelRegistry, userActor } from "@edgeseg/db";
import { withRole } from "@/lib/api.ts";
import { artifactsDir, getDb } from "@/lib/db.ts";
import { importUploadedModel } from "@/lib/ranking/models/import-upload.ts";

/** Viewer: every registered model version with its result count. */
export const GET = withRole("viewer", async () => ({ models: await modelRegistry(await getDb()) }));

/**
 * Researcher: multipart/form-data with `manifest` (manifest.json, file or text) and `files` (each ONNX
 * file the manifest names). 201 with the registered model and its artifacts; 200 when exactly this
 * manifest was registered already. Refused with the mismatch named: 422 (manifest, graph), 409
 * (sha256), 413 (over 200 MB).
 */
export const POST = withRole("researcher", async (request, { user }) => {
  const db = await getDb();
  const model = await importUploadedModel(db, artifactsDir(db), request, undefined, userActor(user));
  return Response.json(model, { status: model.created ? 201 : 200 });
});
