/**
 * The hub provisioning an external Mosquitto 2 through its dynamic security plugin: `edgeseg-hub
 * serve --broker … --broker-admin-user …` against Debian's Mosquitto with no password or ACL file.
 * Enrolment creates the device's client and role; disable, enable and remove (admin commands in
 * their own processes, which cannot reach the broker) reach it through the hub's reconcile loop,
 * read back with the plugin's own getClient. A disabled device is kicked and refused.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { topicFor } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnrolledAgent, enrollAgent } from "../support/agent-process.ts";
import { type HubProcess, hubCli, startHubProcess } from "../support/hub-process.ts";
import { type DynsecMosquitto, dynsecReader, startMosquittoDynsec } from "../support/mosquitto.ts";
import { asDevice, connackCode, connectRaw, subscribeCodes } from "../support/mqtt.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-dynsec");
let mosquitto: DynsecMosquitto;
let hub: HubProcess;
let reader: Awaited<ReturnType<typeof dynsecReader>>;
const dataDir = join(dir.path, "hub");
/** How often the hub compares the broker with the database in this test. */
const SYNC_MS = 200;
const passwordFile = join(dir.path, "broker-admin-password");

beforeAll(async () => {
  mosquitto = await startMosquittoDynsec({ dir: join(dir.path, "mosquitto") });
  writeFileSync(passwordFile, `${mosquitto.adminPassword}\n`, { mode: 0o600 });
  hub = await startHubProcess({
    dataDir,
    broker: mosquitto.url,
    extraArgs: [
      ...["--broker-admin-user", mosquitto.adminUser],
      ...["--broker-admin-password-file", passwordFile],
      ...["--broker-sync-ms", String(SYNC_MS)],
    ],
  });
  reader = await dynsecReader(mosquitto);
}, 120_000);
afterAll(async () => {
  await reader?.close();
  await stopAll();
  dir.remove();
});

const enrol = (name: string, approval = false): EnrolledAgent => {
  const { token } = hubCli<{ token: string }>(dataDir, [
    "token",
    "create",
    ...(approval ? ["--approval"] : []),
  ]);
  return enrollAgent({ hubUrl: hub.httpUrl, token, dir: join(dir.path, name) });
};

/** Polls the plugin until `check` holds; fails past `withinMs` after the admin command returned. */
async function reflected<T>(what: string, read: () => Promise<T>, check: (v: T) => boolean, withinMs = 1000) {
  const t0 = performance.now();
  const value = await waitFor(
    async () => {
      const v = await read();
      return check(v) ? { v } : undefined;
    },
    what,
    { timeoutMs: withinMs, everyMs: 25 },
  );
  return { value: value.v, ms: performance.now() - t0 };
}

describe("the hub provisions Mosquitto's dynamic security", () => {
  it("makes its own role and ingest account, with the hub's ACLs, and connects with them", async () => {
    const role = await reader.getRole("edgeseg-hub");
    expect(role?.acls).toEqual(
      expect.arrayContaining([
        { acltype: "subscribePattern", topic: "edgeseg/v1/devices/+/results", allow: true, priority: 0 },
        { acltype: "publishClientSend", topic: "edgeseg/v1/devices/+/jobs", allow: true, priority: 0 },
      ]),
    );
    const account = await reader.getClient("edgeseg-hub");
    expect(account?.roles.map((r) => r.rolename)).toEqual(["edgeseg-hub"]);
    // The account may read every device's upstream kinds, plain or as a shared subscription (several
    // hubs), and nothing else.
    const password = readFileSync(join(dataDir, "service-secret"), "utf8").trim();
    const service = await connectRaw(mosquitto.url, {
      clientId: "edgeseg-hub-probe",
      username: "edgeseg-hub",
      password,
    });
    expect(
      await subscribeCodes(service.client, [
        "edgeseg/v1/devices/+/results",
        "$share/edgeseg-hub/edgeseg/v1/devices/+/telemetry",
        "edgeseg/v1/devices/+/commands",
        "#",
      ]),
    ).toEqual([1, 1, 128, 128]);
    await service.client.endAsync();
    const health = await (await fetch(`${hub.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ broker: "external", ingest: "connected" });
    // The admin password is never logged.
    expect(hub.output()).not.toContain(mosquitto.adminPassword);
  });

  it("enrolment creates the device's client (username = client id = device id) and its own role", async () => {
    const a = enrol("a");
    const client = await reader.getClient(a.deviceId);
    expect(client).toMatchObject({
      username: a.deviceId,
      clientid: a.deviceId,
      textname: "edgeseg device",
      roles: [{ rolename: `edgeseg-device-${a.deviceId}` }],
    });
    expect(client?.disabled).toBeUndefined();
    const role = await reader.getRole(`edgeseg-device-${a.deviceId}`);
    expect(role?.acls.map((x) => `${x.acltype} ${x.topic}`).sort()).toEqual(
      [
        ...["birth", "state", "telemetry", "jobs/ack", "progress", "results", "events"].map(
          (k) => `publishClientSend ${topicFor(a.deviceId, k as "birth")}`,
        ),
        ...["jobs", "commands"].flatMap((k) => [
          `subscribeLiteral ${topicFor(a.deviceId, k as "jobs")}`,
          `publishClientReceive ${topicFor(a.deviceId, k as "jobs")}`,
        ]),
      ].sort(),
    );
    // The hub stores no plaintext: Mosquitto's file holds its own salted PBKDF2 hash, not the secret.
    expect(await connackCode(mosquitto.url, asDevice(a.deviceId, a.secret))).toBe("connected");
    expect(await connackCode(mosquitto.url, asDevice(a.deviceId, `${a.secret}x`))).toBe(5);
    expect(
      await connackCode(mosquitto.url, {
        clientId: "someone-else",
        username: a.deviceId,
        password: a.secret,
      }),
    ).toBe(5);
  });

  it("disable → disabled within a second, the live connection kicked, reconnection refused; enable → back", async () => {
    const b = enrol("b");
    const live = await connectRaw(mosquitto.url, asDevice(b.deviceId, b.secret));
    hubCli(dataDir, ["device", "disable", b.deviceId]);
    const off = await reflected(
      "disabled on the broker",
      () => reader.getClient(b.deviceId),
      (c) => c?.disabled === true,
    );
    await live.closed; // Mosquitto's disableClient kicks the client
    expect(await connackCode(mosquitto.url, asDevice(b.deviceId, b.secret))).toBe(5);

    hubCli(dataDir, ["device", "enable", b.deviceId]);
    const on = await reflected(
      "enabled on the broker",
      () => reader.getClient(b.deviceId),
      (c) => c?.disabled !== true,
    );
    expect(await connackCode(mosquitto.url, asDevice(b.deviceId, b.secret))).toBe("connected");
    console.log(
      `dynsec: disable reflected in ${off.ms.toFixed(0)} ms, enable in ${on.ms.toFixed(0)} ms (measured, sync ${SYNC_MS} ms)`,
    );
  });

  it("a pending device's client exists disabled until approved; remove deletes its client and role", async () => {
    const p = enrol("p", true);
    expect((await reader.getClient(p.deviceId))?.disabled).toBe(true);
    expect(await connackCode(mosquitto.url, asDevice(p.deviceId, p.secret))).toBe(5);
    const markAt = Number(
      / at (\d+)$/.exec((await reader.getClient(p.deviceId))?.textdescription ?? "")?.[1],
    );
    hubCli(dataDir, ["device", "remove", p.deviceId]);
    const sinceMark = Date.now() - markAt;
    // The client's password was set under 2 s ago (ORPHAN_GRACE_MS), but the removal's audit entry
    // tells the hub the row is gone, not still committing: no wait for the grace.
    const gone = await reflected(
      "deleted on the broker",
      () => reader.getClient(p.deviceId),
      (c) => c === null,
    );
    expect(await reader.getRole(`edgeseg-device-${p.deviceId}`)).toBeNull();
    expect(await reader.listClients()).not.toContain(p.deviceId);

    const q = enrol("q", true);
    hubCli(dataDir, ["device", "approve", q.deviceId]);
    await reflected(
      "approved on the broker",
      () => reader.getClient(q.deviceId),
      (c) => c?.disabled !== true,
    );
    expect(await connackCode(mosquitto.url, asDevice(q.deviceId, q.secret))).toBe("connected");
    console.log(
      `dynsec: remove reflected in ${gone.ms.toFixed(0)} ms (measured; the command returned ${sinceMark} ms after the client's password was set)`,
    );
  });

  it("a client without a row whose password was set under 2 s ago is left alone (an enrolment still committing), even under an id removed before", async () => {
    const p = enrol("p2", true);
    hubCli(dataDir, ["device", "remove", p.deviceId]);
    await reflected(
      "removed",
      () => reader.getClient(p.deviceId),
      (c) => c === null,
    );
    // Clients as an enrolment makes them before its row commits: one new, one re-using the removed id
    // (its removal is dated before this password was set, so it says nothing about this client).
    const committing = ["x86-laptop-commit000", p.deviceId];
    const t0 = Date.now();
    for (const username of committing) {
      const made = await reader.run({
        command: "createClient",
        username,
        password: "enrolment-in-flight",
        textname: "edgeseg device",
        textdescription: `secret 0123456789abcdef at ${t0}`,
      });
      expect(made.error).toBeUndefined();
    }
    // Several reconcile periods inside the grace: both still there.
    await new Promise((done) => setTimeout(done, 1000 - (Date.now() - t0)));
    const listed = await reader.listClients();
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(listed).toEqual(expect.arrayContaining(committing));
    // Past the grace with no row committed: a failed enrolment's leftovers, deleted.
    for (const username of committing)
      await reflected(
        `${username} deleted after the grace`,
        () => reader.getClient(username),
        (c) => c === null,
        5000,
      );
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  it("repairs drift: a client enabled behind the hub's back is disabled again, a stray device client deleted", async () => {
    const d = enrol("d");
    hubCli(dataDir, ["device", "disable", d.deviceId]);
    await reflected(
      "disabled",
      () => reader.getClient(d.deviceId),
      (c) => c?.disabled === true,
    );
    expect((await reader.run({ command: "enableClient", username: d.deviceId })).error).toBeUndefined();
    await reflected(
      "disabled again",
      () => reader.getClient(d.deviceId),
      (c) => c?.disabled === true,
    );
    await reader.run({
      command: "createClient",
      username: "x86-laptop-stray0000",
      password: "left-behind",
      textname: "edgeseg device",
    });
    await reflected(
      "stray deleted",
      () => reader.getClient("x86-laptop-stray0000"),
      (c) => c === null,
    );
  });

  it("a rotation made without broker access revokes the old password there and says how to finish it", async () => {
    const r = enrol("r");
    const rotated = hubCli<{ secret: string }>(dataDir, ["device", "rotate-secret", r.deviceId]);
    await waitFor(
      async () => (await connackCode(mosquitto.url, asDevice(r.deviceId, r.secret))) === 5,
      "the old secret refused (after the hub's 5 s grace)",
      { timeoutMs: 10_000, everyMs: 200 },
    );
    expect(await connackCode(mosquitto.url, asDevice(r.deviceId, rotated.secret))).toBe(5);
    expect(
      hub.warningsFor(r.deviceId).some((l) => String(l.msg).includes("rotated without reaching the broker")),
    ).toBe(true);
  });

  it("admin commands given the broker flags change the broker themselves: a rotation's new secret works at once", async () => {
    const r = enrol("s");
    const flags = [
      ...["--broker", mosquitto.url, "--broker-admin-user", mosquitto.adminUser],
      ...["--broker-admin-password-file", passwordFile],
    ];
    const live = await connectRaw(mosquitto.url, asDevice(r.deviceId, r.secret));
    const rotated = hubCli<{ secret: string }>(dataDir, ["device", "rotate-secret", r.deviceId, ...flags]);
    await live.closed; // setClientPassword kicks the client
    expect(await connackCode(mosquitto.url, asDevice(r.deviceId, r.secret))).toBe(5);
    expect(await connackCode(mosquitto.url, asDevice(r.deviceId, rotated.secret))).toBe("connected");
    // The hub's sync sees the new hash's mark and leaves the password alone, past its 5 s grace for
    // an unmatched secret (REVOKE_GRACE_MS).
    await new Promise((done) => setTimeout(done, 5500));
    expect(await connackCode(mosquitto.url, asDevice(r.deviceId, rotated.secret))).toBe("connected");
    expect(hub.warningsFor(r.deviceId)).toEqual([]);

    // A disable from the command line is on the broker when the command returns.
    hubCli(dataDir, ["device", "disable", r.deviceId, ...flags]);
    expect((await reader.getClient(r.deviceId))?.disabled).toBe(true);
  });

  it("a broker restarted from an older dynamic security file is put back: the device disabled again, ingest reconnected", async () => {
    const e = enrol("e");
    const before = readFileSync(mosquitto.dynsecFile, "utf8"); // e enabled
    hubCli(dataDir, ["device", "disable", e.deviceId]);
    await reflected(
      "disabled",
      () => reader.getClient(e.deviceId),
      (c) => c?.disabled === true,
    );
    await reader.close();
    await mosquitto.stop();
    writeFileSync(mosquitto.dynsecFile, before); // a restore from before the disable
    mosquitto = await startMosquittoDynsec({ dir: join(dir.path, "mosquitto"), port: mosquitto.port });
    reader = await dynsecReader(mosquitto);
    // The hub's admin client reconnects (1 s period), then its next sync repairs the drift.
    const repaired = await reflected(
      "disabled again after the restart",
      () => reader.getClient(e.deviceId),
      (c) => c?.disabled === true,
      10_000,
    );
    expect(await connackCode(mosquitto.url, asDevice(e.deviceId, e.secret))).toBe(5);
    await waitFor(
      async () =>
        ((await (await fetch(`${hub.httpUrl}/healthz`)).json()) as { ingest?: string }).ingest ===
        "connected",
      "the hub's ingest client back on the restarted broker",
      { timeoutMs: 10_000 },
    );
    console.log(`dynsec: drift after a broker restart repaired in ${repaired.ms.toFixed(0)} ms (measured)`);
  });
});
