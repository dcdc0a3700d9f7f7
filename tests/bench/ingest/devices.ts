import { randomBytes } from "node:crypto";
import { type Db, hashSecret } from "@edgeseg/db";
import { pino } from "pino";
import { connectDynsec } from "../../../apps/hub/src/broker-provision/dynsec-api.ts";
import { dynsecProvisioner } from "../../../apps/hub/src/broker-provision/provisioner.ts";
import type { DynsecMosquitto } from "../../support/mosquitto.ts";

export interface SimDevice {
  id: string;
  secret: string;
}

export const deviceIds = (n: number) =>
  Array.from({ length: n }, (_, i) => `bench-agent-${String(i + 1).padStart(5, "0")}`);

/**
 * Simulated agents' credentials, written straight into the hub's database as active devices
 * (enrolment over HTTP is not what this measures). Secrets are hashed with scrypt N = 2^10 instead of
 * the hub's 2^14 so that set-up and the first CONNECT of a thousand devices take seconds, not a
 * minute; verification reads the parameters from the hash, and connecting is not in the figures.
 */
export async function registerDevices(db: Db, n: number): Promise<SimDevice[]> {
  const devices = deviceIds(n).map((id) => ({ id, secret: randomBytes(24).toString("base64url") }));
  const rows = await Promise.all(
    devices.map(async (d) => ({
      id: d.id,
      name: d.id,
      status: "active" as const,
      secretHash: await hashSecret(d.secret, { N: 2 ** 10, r: 8, p: 1 }),
    })),
  );
  for (let i = 0; i < rows.length; i += 200) {
    await db.prisma.device.createMany({ data: rows.slice(i, i + 200) });
  }
  return devices;
}

/** Each device's client and role on the broker, through the hub's provisioner (what enrolment does). */
export async function provisionDevices(broker: DynsecMosquitto, db: Db, devices: SimDevice[]): Promise<void> {
  const api = await connectDynsec({
    url: broker.url,
    shown: broker.url,
    username: broker.adminUser,
    password: broker.adminPassword,
    clientId: "bench-provision",
  });
  try {
    const provisioner = dynsecProvisioner({ api, db, logger: pino({ level: "silent" }) });
    const rows = await db.prisma.device.findMany({ select: { id: true, status: true, secretHash: true } });
    const secrets = new Map(devices.map((d) => [d.id, d.secret]));
    await Promise.all(rows.map((row) => provisioner.credentialsSet(row, secrets.get(row.id)!)));
  } finally {
    await api.close();
  }
}
