import { userActor } from "@edgeseg/db";
import { z } from "zod";
import { approveDevice, rejectDevice, setDeviceDisabled } from "@/lib/admin/devices.ts";
import { readJson, withRole } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";

const change = z.object({ action: z.enum(["approve", "reject", "disable", "enable"]) });

/** Admin: { action: approve | reject | disable | enable } on one device (audited). */
export const POST = withRole<{ id: string }>("admin", async (request, { user, params }) => {
  const { action } = await readJson(request, change);
  const db = await prisma();
  const actor = userActor(user);
  if (action === "approve") await approveDevice(db, params.id, actor);
  if (action === "reject") await rejectDevice(db, params.id, actor);
  if (action === "disable" || action === "enable")
    await setDeviceDisabled(db, params.id, action === "disable", actor);
  return { id: params.id, action };
});
