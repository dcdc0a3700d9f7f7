import { userInfo } from "node:os";
import { changeDeviceStatus, rotateDeviceSecret } from "@edgeseg/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/cli.ts";
import { startHub, type TestHub } from "../testing/hub.ts";
import { closed, connackCode, connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub({ secretWatchMs: 100 });
});
afterAll(() => hub.dispose());

const login = (id: string, password: string) => ({ clientId: id, username: id, password });

describe("device secret rotation against the embedded broker", () => {
  it("disconnects the device, refuses its old secret with CONNACK 4 and accepts the new one", async () => {
    const oldSecret = await hub.addDevice("rpi4-rotate-a");
    const bystanderSecret = await hub.addDevice("rpi4-rotate-b");
    const device = await connect(hub.mqttUrl, login("rpi4-rotate-a", oldSecret));
    const bystander = await connect(hub.mqttUrl, login("rpi4-rotate-b", bystanderSecret));
    const gone = closed(device);

    const { secret } = await rotateDeviceSecret(hub.db, "rpi4-rotate-a", {
      actor: { userId: null, label: "cli:test" },
    });
    await gone;
    expect(hub.logs.find(/device secret changed/).map((l) => l.deviceId)).toEqual(["rpi4-rotate-a"]);
    expect(await connackCode(hub.mqttUrl, login("rpi4-rotate-a", oldSecret))).toBe(4);
    expect(await connackCode(hub.mqttUrl, login("rpi4-rotate-a", secret))).toBe("connected");
    // Artifact downloads (HTTP Basic, the same credentials) refuse the old secret too.
    const download = (password: string) =>
      fetch(`${hub.httpUrl}/api/artifacts/${"0".repeat(64)}`, {
        headers: { authorization: `Basic ${Buffer.from(`rpi4-rotate-a:${password}`).toString("base64")}` },
      });
    expect((await download(oldSecret)).status).toBe(401);
    expect((await download(secret)).status).not.toBe(401);
    // Another device's connection is left alone.
    await new Promise((r) => setTimeout(r, 300));
    expect(bystander.connected).toBe(true);
    await bystander.endAsync();
  });

  it("does the same when `edgeseg-hub device rotate-secret` runs in another process, recorded as cli:<os user>", async () => {
    const oldSecret = await hub.addDevice("rpi4-rotate-c");
    const device = await connect(hub.mqttUrl, login("rpi4-rotate-c", oldSecret));
    const gone = closed(device);
    const run = runCli(["device", "rotate-secret", "rpi4-rotate-c", "--data-dir", hub.dir, "--json"]);
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { deviceId: string; secret: string };
    expect(printed).toEqual({ deviceId: "rpi4-rotate-c", secret: expect.stringMatching(/^[\w-]{43}$/) });
    await gone;
    expect(await connackCode(hub.mqttUrl, login("rpi4-rotate-c", oldSecret))).toBe(4);
    expect(await connackCode(hub.mqttUrl, login("rpi4-rotate-c", printed.secret))).toBe("connected");

    const entry = await waitFor(
      () =>
        hub.db.prisma.auditEntry.findFirst({
          where: { action: "device.rotate-secret", targetId: "rpi4-rotate-c" },
        }),
      "the rotation's audit entry",
    );
    expect(entry).toMatchObject({
      actorUserId: null,
      actorLabel: `cli:${userInfo().username}`,
      targetType: "device",
    });
    expect(JSON.stringify(entry)).not.toContain(printed.secret);
    expect(JSON.stringify(entry)).not.toContain(oldSecret);

    const missing = runCli(["device", "rotate-secret", "rpi4-nope", "--data-dir", hub.dir]);
    expect(missing.status).toBe(4);
    expect(missing.stderr).toContain('no device "rpi4-nope"');
  });

  it("closes a disabled device's connection (not only drops its messages), refuses it with 5 until enabled", async () => {
    const secret = await hub.addDevice("rpi4-disable-a");
    const bystanderSecret = await hub.addDevice("rpi4-disable-b");
    const device = await connect(hub.mqttUrl, login("rpi4-disable-a", secret));
    const bystander = await connect(hub.mqttUrl, login("rpi4-disable-b", bystanderSecret));
    const gone = closed(device);

    await changeDeviceStatus(hub.db, "rpi4-disable-a", "disable", {
      actor: { userId: null, label: "cli:test" },
    });
    await gone;
    expect(device.connected).toBe(false);
    expect(hub.logs.find(/device disabled: connection closed/).map((l) => l.deviceId)).toEqual([
      "rpi4-disable-a",
    ]);
    expect(await connackCode(hub.mqttUrl, login("rpi4-disable-a", secret))).toBe(5);
    await new Promise((r) => setTimeout(r, 300));
    expect(bystander.connected).toBe(true);

    await changeDeviceStatus(hub.db, "rpi4-disable-a", "enable");
    expect(await connackCode(hub.mqttUrl, login("rpi4-disable-a", secret))).toBe("connected");
    await device.endAsync();
    await bystander.endAsync();
  });
});
