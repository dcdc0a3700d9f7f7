import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type EnrollRequest,
  enrollRequestSchema,
  exampleResultDocument,
  isAppError,
} from "@edgeseg/protocol";
import { signingKeyId, signResult, verifyResultSignature } from "@edgeseg/protocol/crypto";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/index.ts";
import { enrollDevice } from "./enroll-device.ts";
import { hardwareFingerprint, readMachineId } from "./fingerprint.ts";
import { describeOutcome } from "./index.ts";

const GOOD = "good-token-0123456789";
const APPROVAL = "approval-token-012345";
const EXPIRED = "expired-token-0123456";

/** A stand-in for the hub's POST /api/enroll, checking requests against the protocol's schema. */
async function fakeHub() {
  const requests: EnrollRequest[] = [];
  const server: Server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const send = (status: number, json: unknown) =>
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(json));
    if (req.method !== "POST" || req.url !== "/api/enroll")
      return send(404, { error: { code: "NOT_FOUND", message: "no such route" } });
    const parsed = enrollRequestSchema.safeParse(JSON.parse(body));
    if (!parsed.success) return send(422, { error: { code: "INPUT", message: parsed.error.message } });
    requests.push(parsed.data);
    if (parsed.data.token === EXPIRED) {
      return send(401, {
        error: { code: "UNAUTHORIZED", message: "enrolment token expired at 2026-11-25T10:00:00Z" },
      });
    }
    send(201, {
      deviceId: "dev-7f3a9c",
      secret: "S".repeat(43),
      status: parsed.data.token === APPROVAL ? "pending" : "active",
      mqttUrl: "mqtt://127.0.0.1:1883",
      hubUrl: "http://127.0.0.1:8080",
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function errorOf(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  if (!isAppError(e)) throw new Error(`expected an AppError, got ${String(e)}`);
  return e;
}

describe("hardware fingerprint", () => {
  const device = {
    cpuModel: "Cortex-A72",
    cores: 4,
    arch: "arm64",
    platform: "linux",
    ramMb: 3794,
    os: "Debian GNU/Linux 12 (bookworm)",
    kernel: "6.6.51+rpt-rpi-v8",
    nodeVersion: "20.20.2",
    onnxruntimeVersion: "1.30.0",
    boardModel: "Raspberry Pi 4 Model B Rev 1.5",
    deviceClass: { id: "rpi4-4gb", name: "Raspberry Pi 4 (4 GB)", matchedRule: "boardModel" },
  };
  const id = "0123456789abcdef0123456789abcdef";

  it("ignores what changes with software (kernel, OS, Node, a few MB of RAM) and sees what changes with hardware", () => {
    const base = hardwareFingerprint(device, id);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(hardwareFingerprint({ ...device, kernel: "6.12.0", os: "Debian 13", ramMb: 3740 }, id)).toBe(base);
    expect(hardwareFingerprint({ ...device, ramMb: 7810 }, id)).not.toBe(base);
    expect(hardwareFingerprint({ ...device, boardModel: "Raspberry Pi 5 Model B Rev 1.0" }, id)).not.toBe(
      base,
    );
    expect(hardwareFingerprint(device, "fedcba9876543210fedcba9876543210")).not.toBe(base);
    expect(hardwareFingerprint(device, null)).not.toBe(base);
  });
});

describe("edgeseg-agent enroll", () => {
  it("exchanges the token for credentials and writes them with mode 0600", async () => {
    const hub = await fakeHub();
    closers.push(hub.close);
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-enroll-"));
    const configPath = join(dir, "agent.json");
    const outcome = await enrollDevice({ hubUrl: `${hub.url}/`, token: GOOD, configPath, name: "Room 4" });
    expect(outcome).toMatchObject({ deviceId: "dev-7f3a9c", status: "active", configPath });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    const cfg = await loadConfig(configPath);
    expect(cfg).toMatchObject({
      deviceId: "dev-7f3a9c",
      secret: "S".repeat(43),
      mqttUrl: "mqtt://127.0.0.1:1883",
      name: "Room 4",
    });
    const sent = hub.requests[0]!;
    expect(sent.fingerprint).toBe(hardwareFingerprint(sent.device, readMachineId()));
    expect(sent.device.cores).toBeGreaterThan(0);
    expect(sent.name).toBe("Room 4");
    expect(describeOutcome(outcome)).not.toContain("PENDING");
    expect(describeOutcome(outcome)).toContain(`edgeseg-agent run --config ${configPath}`);
  });

  it("makes a signing key on the device: public half to the hub, private half 0600 next to the config", async () => {
    const hub = await fakeHub();
    closers.push(hub.close);
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-enroll-"));
    const configPath = join(dir, "agent.json");
    const outcome = await enrollDevice({ hubUrl: hub.url, token: GOOD, configPath });
    const sent = hub.requests[0]!;
    expect(sent.signingKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(outcome.signingKeyId).toBe(signingKeyId(sent.signingKey!));
    expect(outcome.signingKeyFile).toBe(join(dir, "agent.signing-key.pem"));
    expect(outcome.caFingerprint).toBeNull();
    expect((await stat(outcome.signingKeyFile)).mode & 0o777).toBe(0o600);
    expect((await loadConfig(configPath)).signingKeyFile).toBe(outcome.signingKeyFile);
    // The stored private key signs what the sent public key verifies.
    const pem = await readFile(outcome.signingKeyFile, "utf8");
    const signature = signResult("dev-7f3a9c", exampleResultDocument, pem);
    expect(verifyResultSignature("dev-7f3a9c", exampleResultDocument, signature, sent.signingKey!)).toEqual({
      ok: true,
    });
  });

  it("refuses an https hub without a CA fingerprint, and a fingerprint for a plain http hub", async () => {
    const configPath = join(await mkdtemp(join(tmpdir(), "edgeseg-enroll-")), "agent.json");
    const https = await errorOf(enrollDevice({ hubUrl: "https://127.0.0.1:9", token: GOOD, configPath }));
    expect(https.code).toBe("USAGE");
    expect(https.message).toContain("--ca-fingerprint is required for https://127.0.0.1:9");
    const http = await errorOf(
      enrollDevice({
        hubUrl: "http://127.0.0.1:9",
        token: GOOD,
        configPath,
        caFingerprint: `sha256:${"a".repeat(64)}`,
      }),
    );
    expect(http.message).toBe(
      "--ca-fingerprint pins TLS, but http://127.0.0.1:9 is plain http: use the hub's https:// URL",
    );
    await expect(stat(configPath)).rejects.toThrow();
  });

  it("says an admin must approve a pending device, and keeps local settings when enrolling again", async () => {
    const hub = await fakeHub();
    closers.push(hub.close);
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-enroll-"));
    const configPath = join(dir, "agent.json");
    const local = {
      deviceId: "old-device",
      secret: "o".repeat(40),
      mqttUrl: "mqtt://old:1883",
      hubUrl: "http://old:8080",
      dataDir: join(dir, "state"),
      datasets: { "clinic-ct": join(dir, "ct") },
      telemetryIntervalS: 60,
    };
    await writeFile(configPath, JSON.stringify(local), { mode: 0o600 });
    const outcome = await enrollDevice({ hubUrl: hub.url, token: APPROVAL, configPath });
    expect(outcome.status).toBe("pending");
    expect(describeOutcome(outcome)).toContain("PENDING: an admin must approve this device");
    const cfg = JSON.parse(await readFile(configPath, "utf8"));
    expect(cfg).toMatchObject({
      deviceId: "dev-7f3a9c",
      mqttUrl: "mqtt://127.0.0.1:1883",
      dataDir: local.dataDir,
      datasets: local.datasets,
      telemetryIntervalS: 60,
    });
  });

  it("shows the hub's reason for refusing a token, and explains an unreachable hub", async () => {
    const hub = await fakeHub();
    closers.push(hub.close);
    const configPath = join(await mkdtemp(join(tmpdir(), "edgeseg-enroll-")), "agent.json");
    const refused = await errorOf(enrollDevice({ hubUrl: hub.url, token: EXPIRED, configPath }));
    expect(refused.code).toBe("UNAUTHORIZED");
    expect(refused.message).toBe(
      "the hub refused the enrolment: enrolment token expired at 2026-11-25T10:00:00Z; ask an admin for a new token (edgeseg-hub token create)",
    );
    await expect(stat(configPath)).rejects.toThrow();
    const notHub = await errorOf(enrollDevice({ hubUrl: `${hub.url}/other`, token: GOOD, configPath }));
    expect(notHub.code).toBe("NOT_FOUND");
    expect(notHub.message).toBe(
      `the hub refused the enrolment: no such route; is ${hub.url}/other an edgeseg hub?`,
    );

    await hub.close();
    closers.pop();
    const down = await errorOf(enrollDevice({ hubUrl: hub.url, token: GOOD, configPath }));
    expect(down.code).toBe("RUNTIME");
    expect(down.message).toContain(`cannot reach the hub at ${hub.url}/api/enroll (ECONNREFUSED)`);
  });
});
