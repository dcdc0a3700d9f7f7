import "server-only";
import { headers } from "next/headers";

/**
 * The origin the viewer reached the dashboard at (a reverse proxy's X-Forwarded-Host/-Proto first),
 * so the addresses a report prints open for whoever reads it. Only ever printed, never fetched.
 */
export async function requestOrigin(): Promise<string> {
  const h = await headers();
  const host = h.get("x-forwarded-host") ?? h.get("host") ?? "localhost";
  const proto = h.get("x-forwarded-proto") ?? "http";
  return `${proto.split(",")[0]?.trim() || "http"}://${host.split(",")[0]?.trim()}`;
}
