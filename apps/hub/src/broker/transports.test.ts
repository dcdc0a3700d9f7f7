import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { resultMessage, send } from "../testing/messages.ts";
import { connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let hub: TestHub;
let secret: string;
let ca: Buffer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-tls-"));
  const [certPath, keyPath] = [join(dir, "cert.pem"), join(dir, "key.pem")];
  // A self-signed certificate for 127.0.0.1, made by the openssl CLI.
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:prime256v1",
      "-nodes",
      "-days",
      "1",
      "-subj",
      "/CN=127.0.0.1",
      "-addext",
      "subjectAltName=IP:127.0.0.1",
      "-keyout",
      keyPath,
      "-out",
      certPath,
    ],
    { stdio: "ignore" },
  );
  ca = readFileSync(certPath);
  hub = await startHub({ dataDir: join(dir, "data"), wsPort: 0, tls: { certPath, keyPath } });
  secret = await hub.addDevice("pi-tls-01");
});
afterAll(async () => {
  await hub.dispose();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () => hub.db.prisma.result.count();
const creds = () => ({ clientId: "pi-tls-01", username: "pi-tls-01", password: secret, ca });

describe("transports with TLS", () => {
  it("serves MQTT over TLS (mqtts) and refuses plain MQTT on that port", async () => {
    expect(hub.mqttUrl).toBe(`mqtts://127.0.0.1:${hub.mqttPort}`);
    const client = await connect(hub.mqttUrl, creds());
    await send(client, "results", resultMessage("pi-tls-01"));
    await waitFor(async () => (await rows()) === 1, "the result over mqtts");
    await client.endAsync();
    await expect(connect(`mqtt://127.0.0.1:${hub.mqttPort}`, creds())).rejects.toThrow();
  });

  it("serves MQTT over secure WebSocket (wss)", async () => {
    const client = await connect(`wss://127.0.0.1:${hub.wsPort}`, creds());
    await send(client, "results", resultMessage("pi-tls-01"));
    await waitFor(async () => (await rows()) === 2, "the result over wss");
    await client.endAsync();
  });

  it("serves HTTP over TLS", async () => {
    expect(hub.httpUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const status = await new Promise<number | undefined>((resolve, reject) =>
      get(`${hub.httpUrl}/healthz`, { ca }, (res) => {
        res.resume();
        resolve(res.statusCode);
      }).on("error", reject),
    );
    expect(status).toBe(200);
  });
});
