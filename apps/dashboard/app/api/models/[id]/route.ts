import { modelCard } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";

/** Viewer: one model's card (`?version=`, default the newest registered), with files and results by class. */
export const GET = withRole<{ id: string }>("viewer", async (request, { params }) => {
  const version = new URL(request.url).searchParams.get("version") || undefined;
  const card = await modelCard(await getDb(), params.id, version);
  if (!card) {
    throw new AppError("NOT_FOUND", `model ${params.id}${version ? `@${version}` : ""} is not registered`);
  }
  return card;
});
