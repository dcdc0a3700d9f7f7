import type { Metadata } from "next";
import Link from "next/link";
import { LiveRefresh } from "@/components/live-refresh.tsx";
import { requirePageRole } from "@/lib/auth/server.ts";
import { prisma } from "@/lib/db.ts";
import { parseFleetFilter } from "@/lib/fleet/filter.ts";
import { loadFleet } from "@/lib/fleet/load-fleet.ts";
import { plural } from "@/lib/format.ts";
import { ClassCounts } from "./_fleet/class-counts.tsx";
import { DeviceTable } from "./_fleet/device-table.tsx";
import { FleetFilters } from "./_fleet/fleet-filters.tsx";

export const metadata: Metadata = { title: "Fleet" };

type Query = Record<string, string | string[] | undefined>;

export default async function FleetPage({ searchParams }: { searchParams: Promise<Query> }) {
  const user = await requirePageRole("viewer", "/");
  const filter = parseFleetFilter(await searchParams);
  const now = new Date();
  const fleet = await loadFleet(await prisma(), filter, now);
  const online = fleet.counts.reduce((sum, c) => sum + c.online, 0);
  return (
    <>
      <h1>Fleet</h1>
      <p className="muted" data-testid="fleet-summary">
        {plural(fleet.total, "device")}, {online} online
      </p>
      {user.role === "admin" && fleet.pending > 0 && (
        <p className="notice" data-testid="pending-notice">
          {fleet.pending} device{fleet.pending === 1 ? "" : "s"} awaiting approval:{" "}
          <Link href="/admin#pending">review on the admin page</Link>
        </p>
      )}
      <ClassCounts counts={fleet.counts} />
      <FleetFilters filter={filter} classes={fleet.counts} tags={fleet.tags} />
      <DeviceTable devices={fleet.devices} now={now} filtered={fleet.devices.length !== fleet.total} />
      <LiveRefresh renderedAt={now.toISOString()} />
    </>
  );
}
