import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { apiError, readJson } from "@/lib/api.ts";
import { endCurrentSession, startSession } from "@/lib/auth/server.ts";
import { authenticate } from "@/lib/auth/users.ts";
import { prisma } from "@/lib/db.ts";

const credentials = z.object({ email: z.string().max(320), password: z.string().max(256) });

/** Log-in for scripts and API clients: sets the same HttpOnly session cookie as the log-in page. */
export async function POST(request: Request): Promise<Response> {
  try {
    const { email, password } = await readJson(request, credentials);
    const user = await authenticate(await prisma(), email, password);
    if (!user) throw new AppError("UNAUTHORIZED", "e-mail or password is wrong");
    await startSession(user.id);
    return Response.json({ user });
  } catch (error) {
    return apiError(error, request);
  }
}

/** Log-out: deletes the session row and the cookie. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    await endCurrentSession();
    return new Response(null, { status: 204 });
  } catch (error) {
    return apiError(error, request);
  }
}
