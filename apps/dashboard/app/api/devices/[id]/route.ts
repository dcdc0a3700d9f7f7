import { userActor } from "@edgeseg/db";
import { z } from "zod";
import { applyDeviceAction } from "@/lib/admin/devices.ts";
import { readJson, withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";

const change = z.object({ action: z.enum(["approve", "reject", "disable", "enable"]) });

/**
 * Admin: { action: approve | reject | disable | enable } on one device, through the registry's
 * transition table (audited); a refused pair is a 409 with the reason.
 */
export const POST = withRole<{ id: string }>("admin", async (request, { user, params }) => {
  const { action } = await readJson(request, change);
  const applied = await applyDeviceAction(
    await getDb(),
    params.id,
    action === "reject" ? "remove" : action,
    userActor(user),
  );
  return { id: params.id, action, before: applied.before, after: applied.after, changed: applied.changed };
});
