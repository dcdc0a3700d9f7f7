import { withRole } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";
import { parseFleetFilter } from "@/lib/fleet/filter.ts";
import { loadFleet } from "@/lib/fleet/load-fleet.ts";

/** The fleet page's data as JSON (same filters: ?class=&tag=&status=). */
export const GET = withRole("viewer", async (request) => {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  return loadFleet(await prisma(), parseFleetFilter(query));
});
