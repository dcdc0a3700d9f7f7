import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { topicFor } from "@edgeseg/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { registerDevices } from "../bench/ingest/devices.ts";
import { closeFleet, connectFleet, type SimAgent } from "../bench/ingest/fleet.ts";
import { resultPayload } from "../bench/ingest/payloads.ts";
import { openHubDb } from "../support/hub-db.ts";
import { startHubProcess } from "../support/hub-process.ts";
import { testDatabaseKind } from "../support/postgres.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const AGENTS = 20;
/** Results each agent keeps in flight: enough that batches form and some are queued at the kill. */
const IN_FLIGHT = 8;

// Group commit (apps/hub/src/ingest/result-writer.ts): a PUBACK is sent only after the batch holding
// the result has committed, so a hub killed -9 at any moment loses no acknowledged result.
// The fleet-postgres project (EDGESEG_TEST_DATABASE=postgres) runs the PostgreSQL case only.
const kinds = testDatabaseKind() === "postgres" ? (["postgres"] as const) : (["sqlite", "postgres"] as const);
describe.each(kinds)("group commit, hub killed -9 mid-ingest (%s)", (kind) => {
  const saved = process.env.EDGESEG_TEST_DATABASE;
  afterEach(async () => {
    await stopAll();
    if (saved === undefined) delete process.env.EDGESEG_TEST_DATABASE;
    else process.env.EDGESEG_TEST_DATABASE = saved;
  });

  it("every result acknowledged before the kill is in the database, once", async () => {
    process.env.EDGESEG_TEST_DATABASE = kind;
    const dir = tempDir("group-commit-kill");
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({
      dataDir,
      logLevel: "warn",
      extraArgs: ["--result-burst", "1000000", "--results-per-hour", "1000000", "--max-auth-checks", "64"],
    });
    const db = await openHubDb(dataDir);
    let fleet: SimAgent[] = [];
    try {
      const devices = await registerDevices(db, AGENTS);
      fleet = await connectFleet(hub.mqttUrl, devices, 10);
      const acked: string[] = [];
      let sent = 0;
      let killed = false;
      const publish = (agent: SimAgent) => {
        if (killed) return;
        const id = randomUUID();
        sent++;
        agent.client.publish(
          topicFor(agent.deviceId, "results"),
          resultPayload(id, agent.deviceId),
          { qos: 1 },
          (err) => {
            if (err || killed) return;
            acked.push(id);
            publish(agent);
          },
        );
      };
      for (const agent of fleet) for (let i = 0; i < IN_FLIGHT; i++) publish(agent);
      await waitFor(() => acked.length >= 400, "400 acknowledged results", {
        timeoutMs: 120_000,
        everyMs: 5,
      });
      await hub.kill9();
      killed = true;
      const ackedAtKill = [...acked];
      await closeFleet(fleet);
      fleet = [];

      const stored = new Set<string>();
      for (let i = 0; i < ackedAtKill.length; i += 500) {
        const rows = await db.prisma.result.findMany({
          where: { id: { in: ackedAtKill.slice(i, i + 500) } },
          select: { id: true },
        });
        for (const r of rows) stored.add(r.id);
      }
      expect(ackedAtKill.filter((id) => !stored.has(id))).toEqual([]);
      // Results were still in flight at the kill: the hub died with work queued, not idle.
      expect(sent).toBeGreaterThan(ackedAtKill.length);
      const total = await db.prisma.result.count();
      expect(total).toBeGreaterThanOrEqual(ackedAtKill.length);
      expect(total).toBeLessThanOrEqual(sent);
    } finally {
      await closeFleet(fleet);
      await db.close();
      dir.remove();
    }
  });
});
