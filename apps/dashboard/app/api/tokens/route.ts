import { userActor } from "@edgeseg/db";
import { createTokenFromForm, listEnrollmentTokens, newTokenSchema } from "@/lib/admin/tokens.ts";
import { readJson, withRole } from "@/lib/api.ts";
import { getDb, prisma } from "@/lib/db.ts";

/** Admin: enrolment tokens without their secrets. */
export const GET = withRole("admin", async () => ({ tokens: await listEnrollmentTokens(await prisma()) }));

/** Admin: { expiresInHours, requiresApproval } → the token, returned this once. */
export const POST = withRole("admin", async (request, { user }) => {
  const input = await readJson(request, newTokenSchema);
  const token = await createTokenFromForm(await getDb(), { ...input, createdById: user.id }, userActor(user));
  return Response.json(token, { status: 201 });
});
