import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { LiveRefresh } from "@/components/live-refresh.tsx";
import { StateBadge } from "@/components/state-badge.tsx";
import { TelemetryCharts } from "@/components/telemetry-charts.tsx";
import { requirePageRole } from "@/lib/auth/server.ts";
import { loadDeviceConsistency } from "@/lib/consistency/load-consistency.ts";
import { getDb } from "@/lib/db.ts";
import { loadDevice } from "@/lib/devices/load-device.ts";
import { ConsistencyTable } from "./consistency-table.tsx";
import { DeviceAdminActions } from "./device-admin-actions.tsx";
import { DeviceFacts } from "./device-facts.tsx";
import { JobTable } from "./job-table.tsx";
import { ResultTable } from "./result-table.tsx";

type Props = { params: Promise<{ id: string }> };

/** Route params arrive percent-encoded for some characters; a malformed escape is kept as it is. */
function deviceId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Device ${deviceId((await params).id)}` };
}

export default async function DevicePage({ params }: Props) {
  const id = deviceId((await params).id);
  const user = await requirePageRole("viewer", `/devices/${encodeURIComponent(id)}`);
  const now = new Date();
  const db = await getDb();
  const detail = await loadDevice(db.prisma, id, now);
  if (!detail) notFound();
  const consistency = await loadDeviceConsistency(db, id);
  const { device } = detail;
  const points = detail.telemetry.map((t) => ({
    t: t.bucketStart.getTime(),
    cpuAvg: t.cpuAvg,
    cpuMax: t.cpuMax,
    memAvgMb: t.memAvgMb,
    memMaxMb: t.memMaxMb,
    tempAvgC: t.tempAvgC,
    tempMaxC: t.tempMaxC,
  }));
  return (
    <>
      <h1 data-testid="device-name">
        {device.name} <StateBadge state={detail.state} />
      </h1>
      <p className="muted mono" data-testid="device-id">
        {device.id}
      </p>
      {user.role === "admin" && <DeviceAdminActions id={device.id} status={device.status} />}
      <DeviceFacts detail={detail} now={now} />
      <section aria-labelledby="telemetry-heading">
        <h2 id="telemetry-heading">Telemetry, last 24 hours</h2>
        {points.length === 0 ? (
          <p className="muted" data-testid="no-telemetry">
            No telemetry in the last 24 hours.
          </p>
        ) : (
          <TelemetryCharts points={points} memoryTotalMb={detail.info?.ramMb ?? null} />
        )}
      </section>
      <ConsistencyTable rows={consistency} />
      <ResultTable results={detail.results} />
      <JobTable jobs={detail.jobs} />
      <LiveRefresh intervalMs={10_000} renderedAt={now.toISOString()} />
    </>
  );
}
