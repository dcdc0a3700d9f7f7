import { apiError } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";

/** Readiness for scripts and the quick start: 200 once the database answers. No session needed. */
export async function GET(request: Request): Promise<Response> {
  try {
    const devices = await (await prisma()).device.count();
    return Response.json({ ok: true, devices });
  } catch (error) {
    return apiError(error, request);
  }
}
