import { withDb } from "../cli/open-db.ts";
import { listDevices, setDeviceStatus } from "../devices/admin.ts";

export async function deviceApproveCommand(deviceId: string, opts: { dataDir?: string }) {
  const before = await withDb(opts.dataDir, (db) => setDeviceStatus(db, deviceId, "active"));
  const note = before === "active" ? "was already active" : `approved (was ${before}); it may connect now`;
  process.stdout.write(`${deviceId} ${note}\n`);
}

export async function deviceDisableCommand(deviceId: string, opts: { dataDir?: string }) {
  const before = await withDb(opts.dataDir, (db) => setDeviceStatus(db, deviceId, "disabled"));
  process.stdout.write(`${deviceId} disabled (was ${before}); new connections and downloads are refused\n`);
}

export async function deviceListCommand(opts: { dataDir?: string; json?: boolean }) {
  const devices = await withDb(opts.dataDir, (db) => listDevices(db));
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(devices, null, 2)}\n`);
    return;
  }
  if (devices.length === 0) {
    process.stdout.write("no devices enrolled; create a token with edgeseg-hub token create\n");
    return;
  }
  for (const d of devices) {
    const seen = d.lastSeenAt ? d.lastSeenAt.toISOString() : "never";
    const presence = d.online ? "online" : "offline";
    process.stdout.write(
      `${d.id.padEnd(40)} ${d.status.padEnd(9)} ${presence.padEnd(8)} ${(d.deviceClassId ?? "-").padEnd(18)} last seen ${seen}\n`,
    );
  }
}
