import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { apiError, readJson } from "@/lib/api.ts";
import { checkOrigin, requireJson } from "@/lib/auth/request-checks.ts";
import { endCurrentSession, logIn } from "@/lib/auth/server.ts";

const credentials = z.object({ email: z.string().max(320), password: z.string().max(256) });

/**
 * Log-in for scripts and API clients: sets the same HttpOnly session cookie as the log-in page. Only
 * a JSON body from this site or from a client that sends no Origin (log-in CSRF: another site's form
 * cannot send JSON, and its Origin is refused); rate-limited like the page (429, 503).
 */
export async function POST(request: Request): Promise<Response> {
  try {
    checkOrigin(request);
    requireJson(request);
    const { email, password } = await readJson(request, credentials);
    const user = await logIn(email, password);
    if (!user) throw new AppError("UNAUTHORIZED", "e-mail or password is wrong");
    return Response.json({ user });
  } catch (error) {
    return apiError(error, request);
  }
}

/** Log-out: deletes the session row and the cookie. */
export async function DELETE(request: Request): Promise<Response> {
  try {
    checkOrigin(request);
    await endCurrentSession();
    return new Response(null, { status: 204 });
  } catch (error) {
    return apiError(error, request);
  }
}
