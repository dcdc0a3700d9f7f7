import { z } from "zod";
import { approveDevice, rejectDevice, setDeviceDisabled } from "@/lib/admin/devices.ts";
import { readJson, withRole } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";

const change = z.object({ action: z.enum(["approve", "reject", "disable", "enable"]) });

/** Admin: { action: approve | reject | disable | enable } on one device. */
export const POST = withRole<{ id: string }>("admin", async (request, { params }) => {
  const { action } = await readJson(request, change);
  const db = await prisma();
  if (action === "approve") await approveDevice(db, params.id);
  if (action === "reject") await rejectDevice(db, params.id);
  if (action === "disable" || action === "enable")
    await setDeviceDisabled(db, params.id, action === "disable");
  return { id: params.id, action };
});
