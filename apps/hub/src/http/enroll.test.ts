import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { hashToken } from "@edgeseg/db";
import { enrollResponseSchema, exampleResultDocument, httpErrorSchema } from "@edgeseg/protocol";
import { changeDeviceStatus, createEnrollmentToken } from "@edgeseg/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson } from "../testing/http.ts";
import { startHub, type TestHub } from "../testing/hub.ts";
import { connackCode } from "../testing/mqtt.ts";

let hub: TestHub;
beforeAll(async () => {
  hub = await startHub();
});
afterAll(() => hub.dispose());

const HOUR = 3_600_000;
const token = (opts: { expiresInMs?: number; requiresApproval?: boolean } = {}) =>
  createEnrollmentToken(hub.db, {
    expiresInMs: opts.expiresInMs ?? HOUR,
    requiresApproval: opts.requiresApproval ?? false,
  });
const request = (t: string) => ({
  token: t,
  fingerprint: "f".repeat(64),
  device: exampleResultDocument.device,
  agentVersion: "0.1.0",
  name: "clinic room 3",
});
const enroll = (body: unknown, headers?: Record<string, string>) =>
  postJson(`${hub.httpUrl}/api/enroll`, body, headers);
const errorOf = (body: unknown) => httpErrorSchema.parse(body).error;

describe("POST /api/enroll", () => {
  it("exchanges a token for credentials that connect, and records the device", async () => {
    const { token: t } = await token();
    const res = await enroll(request(t));
    expect(res.status).toBe(201);
    const body = enrollResponseSchema.parse(res.body);
    expect(body.status).toBe("active");
    expect(body.deviceId).toMatch(/^rpi4-4gb-[a-z2-9]{10}$/);
    expect(body.hubUrl).toBe(hub.httpUrl);
    expect(body.mqttUrl).toBe(hub.mqttUrl);
    const device = await hub.db.prisma.device.findUniqueOrThrow({ where: { id: body.deviceId } });
    expect(device).toMatchObject({
      name: "clinic room 3",
      status: "active",
      deviceClassId: "rpi4-4gb",
      hardwareFingerprint: "f".repeat(64),
      agentVersion: "0.1.0",
      deviceInfo: exampleResultDocument.device,
    });
    expect(device.secretHash).toMatch(/^scrypt\$/);
    expect(device.secretHash).not.toContain(body.secret);
    const stored = await hub.db.prisma.enrollmentToken.findUniqueOrThrow({
      where: { tokenHash: hashToken(t) },
    });
    expect(stored.usedByDeviceId).toBe(body.deviceId);
    expect(
      await connackCode(hub.mqttUrl, {
        clientId: body.deviceId,
        username: body.deviceId,
        password: body.secret,
      }),
    ).toBe("connected");
  });

  it("creates an unknown device class with the budgets of its firmware profile", async () => {
    const { token: t } = await token();
    const device = {
      ...exampleResultDocument.device,
      deviceClass: { id: "raspberry-pi-5", name: "Raspberry Pi 5", matchedRule: "board" },
    };
    expect((await enroll({ ...request(t), device })).status).toBe(201);
    const profile = JSON.parse(
      readFileSync(new URL("../../../../firmware-profiles/raspberry-pi-5.json", import.meta.url), "utf8"),
    );
    const cls = await hub.db.prisma.deviceClass.findUniqueOrThrow({ where: { id: "raspberry-pi-5" } });
    expect(cls).toMatchObject({
      name: "Raspberry Pi 5",
      memoryBudgetMb: profile.budgets.memoryMb,
      caseTimeBudgetS: profile.budgets.caseTimeSeconds,
    });
  });

  it("refuses a used, an expired and an unknown token with 401", async () => {
    const { token: used } = await token();
    expect((await enroll(request(used))).status).toBe(201);
    const again = await enroll(request(used));
    expect(again.status).toBe(401);
    expect(errorOf(again.body)).toMatchObject({
      code: "UNAUTHORIZED",
      message: expect.stringMatching(/already used/),
    });

    const { token: expired } = await token({ expiresInMs: 1 });
    await new Promise((r) => setTimeout(r, 5));
    const late = await enroll(request(expired));
    expect(late.status).toBe(401);
    expect(errorOf(late.body).message).toMatch(/expired at/);

    const unknown = await enroll(request("x".repeat(43)));
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown.body).message).toMatch(/is not valid/);
  });

  it("lets exactly one of two agents racing with one token enrol", async () => {
    const { token: t } = await token();
    const before = await hub.db.prisma.device.count();
    const results = await Promise.all([enroll(request(t)), enroll(request(t))]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 401]);
    expect(await hub.db.prisma.device.count()).toBe(before + 1);
  });

  it("leaves a device enrolled with an approval token pending until approved", async () => {
    const { token: t } = await token({ requiresApproval: true });
    const body = enrollResponseSchema.parse((await enroll(request(t))).body);
    expect(body.status).toBe("pending");
    const creds = { clientId: body.deviceId, username: body.deviceId, password: body.secret };
    expect(await connackCode(hub.mqttUrl, creds)).toBe(5);
    expect((await changeDeviceStatus(hub.db, body.deviceId, "approve")).before).toBe("pending");
    expect(await connackCode(hub.mqttUrl, creds)).toBe("connected");
  });

  it("gives a class without a firmware profile the fallback class's budgets", async () => {
    const { token: t } = await token();
    const base = request(t);
    const cls = { id: "orange-pi-zero", name: "Orange Pi Zero", matchedRule: "board" };
    expect((await enroll({ ...base, device: { ...base.device, deviceClass: cls } })).status).toBe(201);
    const fallback = JSON.parse(
      await readFile(new URL("../../../../firmware-profiles/generic-arm64.json", import.meta.url), "utf8"),
    );
    expect(await hub.db.prisma.deviceClass.findUniqueOrThrow({ where: { id: cls.id } })).toMatchObject({
      memoryBudgetMb: fallback.budgets.memoryMb,
      caseTimeBudgetS: fallback.budgets.caseTimeSeconds,
      profile: null,
    });
  });

  it("answers bad requests with JSON errors and the right status", async () => {
    const { token: t } = await token();
    const cases: [number, string, Promise<{ status: number; body: unknown }>][] = [
      [422, "INPUT", enroll({ ...request(t), fingerprint: "nope" })],
      [422, "INPUT", enroll({ ...request(t), extra: 1 })],
      [
        422,
        "INPUT",
        enroll({
          ...request(t),
          device: { ...request(t).device, deviceClass: { id: "../../etc", name: "x", matchedRule: "x" } },
        }),
      ],
      [400, "USAGE", enroll("{not json")],
      [415, "USAGE", enroll(request(t), { "content-type": "text/plain" })],
      [413, "INPUT", enroll({ ...request(t), name: "x".repeat(70_000) })],
    ];
    for (const [status, code, pending] of cases) {
      const res = await pending;
      expect(res.status).toBe(status);
      expect(errorOf(res.body).code).toBe(code);
    }
    // The token survived all of that: bad requests do not consume it.
    expect((await enroll(request(t))).status).toBe(201);
    const get = await fetch(`${hub.httpUrl}/api/enroll`);
    expect([get.status, get.headers.get("allow")]).toEqual([405, "POST"]);
    expect((await fetch(`${hub.httpUrl}/api/nothing`)).status).toBe(404);
    const health = await fetch(`${hub.httpUrl}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", broker: "embedded", ingest: "connected" });
  });
});
