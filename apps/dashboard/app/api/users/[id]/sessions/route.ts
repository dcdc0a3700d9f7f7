import { userActor } from "@edgeseg/db";
import { revokeUserSessions } from "@/lib/admin/users.ts";
import { withRole } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";

/** Admin: end every session of the user (audited). 200 { email, endedSessions }. */
export const DELETE = withRole<{ id: string }>("admin", async (_request, { user, params }) =>
  revokeUserSessions(await prisma(), params.id, userActor(user)),
);
