/**
 * A hub reading the shared ingest through several connections (`--ingest-connections`), against a
 * real Mosquitto 2 with dynamic security: every result reaches the database once, results published
 * at once are written in shared batches, and results the broker queued for a connection the hub no
 * longer opens (restarted with fewer) are still read and stored.
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Db, migrate } from "@edgeseg/db";
import { topicFor } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { afterAll, describe, expect, it } from "vitest";
import { provisionDevices, registerDevices } from "../bench/ingest/devices.ts";
import { resultPayload } from "../bench/ingest/payloads.ts";
import { hubDatabaseUrl, openHubDb } from "../support/hub-db.ts";
import { type HubProcess, startHubProcess } from "../support/hub-process.ts";
import { type DynsecMosquitto, startMosquittoDynsec } from "../support/mosquitto.ts";
import { asDevice } from "../support/mqtt.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-ingest-connections");
let db: Db | undefined;
const devices: MqttClient[] = [];
afterAll(async () => {
  for (const d of devices) await d.endAsync(true);
  await stopAll();
  await db?.close();
  dir.remove();
});

const DEVICES = 8;
const PER_DEVICE = 6;

describe("one hub, several ingest connections, one Mosquitto", () => {
  it("[slow] every result stored once; a hub restarted with fewer connections still reads what waited in the others' sessions", async () => {
    const broker: DynsecMosquitto = await startMosquittoDynsec({
      dir: join(dir.path, "mosquitto"),
      verbose: false,
      extra: ["max_queued_messages 0"],
    });
    const passwordFile = join(dir.path, "broker-admin-password");
    writeFileSync(passwordFile, `${broker.adminPassword}\n`, { mode: 0o600 });
    const dataDir = join(dir.path, "hub");
    if (hubDatabaseUrl(dataDir) === undefined) {
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      await migrate(`file:${join(dataDir, "edgeseg.db")}`); // the devices go in before the hub starts
    }
    db = await openHubDb(dataDir);
    const sims = await registerDevices(db, DEVICES);
    await provisionDevices(broker, db, sims);
    const startHub = (connections: number) =>
      startHubProcess({
        dataDir,
        broker: broker.url,
        extraArgs: [
          ...["--hub-id", "hub-1", "--ingest-connections", String(connections)],
          ...["--broker-admin-user", broker.adminUser, "--broker-admin-password-file", passwordFile],
          ...["--result-burst", "1000", "--results-per-hour", "100000"],
        ],
      });
    const opened = (hub: HubProcess) =>
      waitFor(() => hub.lines.find((l) => l.msg === "ingest connections open"), "the ingest connections");

    let hub = await startHub(6);
    expect(await opened(hub)).toMatchObject({ connections: 6, retired: 0 });
    expect(readFileSync(join(dataDir, "ingest-connections-hub-1"), "utf8").trim()).toBe("6");

    for (const sim of sims) {
      devices.push(
        await mqtt.connectAsync(broker.url, { ...asDevice(sim.id, sim.secret), reconnectPeriod: 0 }),
      );
    }
    const sent: string[] = [];
    const publishAll = () =>
      Promise.all(
        sims.flatMap((sim, i) =>
          Array.from({ length: PER_DEVICE }, () => {
            const id = randomUUID();
            sent.push(id);
            return devices[i]!.publishAsync(topicFor(sim.id, "results"), resultPayload(id, sim.id), {
              qos: 1,
            });
          }),
        ),
      );
    const stored = async () =>
      (await db!.prisma.result.findMany({ where: { id: { in: sent } }, select: { id: true } })).map(
        (r) => r.id,
      );

    await publishAll();
    await waitFor(
      async () => (await stored()).length === sent.length || undefined,
      "the first results stored",
      {
        timeoutMs: 30_000,
      },
    );

    // The hub stops; the broker queues the group's results in the six connections' sessions.
    await hub.stop();
    await publishAll();
    hub = await startHub(2);
    expect(await opened(hub)).toMatchObject({ connections: 2, retired: 4 });
    await waitFor(async () => (await stored()).length === sent.length || undefined, "every result stored", {
      timeoutMs: 30_000,
    });
    expect((await stored()).sort()).toEqual([...sent].sort());
    expect(await db.prisma.result.count()).toBe(DEVICES * PER_DEVICE * 2);
    // The record keeps the most connections ever opened: their sessions are read at every start.
    expect(readFileSync(join(dataDir, "ingest-connections-hub-1"), "utf8").trim()).toBe("6");
    expect(hub.lines.filter((l) => (l.level ?? 0) >= 50)).toEqual([]);
  });
});
