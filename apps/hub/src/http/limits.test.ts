import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { exampleResultDocument, httpErrorSchema } from "@edgeseg/protocol";
import { createEnrollmentToken } from "@edgeseg/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../testing/cli.ts";
import { basicAuth, postJson } from "../testing/http.ts";
import { startHub, type TestHub } from "../testing/hub.ts";

let hub: TestHub;
let secret: string;
beforeAll(async () => {
  hub = await startHub({ authFailuresPerAddress: 6, authFailuresPerIdentity: 3 });
  secret = await hub.addDevice("pi-dl-01");
  await hub.addDevice("pi-dl-02");
});
afterAll(() => hub.dispose());

const artifact = (deviceId: string, password: string) =>
  fetch(`${hub.httpUrl}/api/artifacts/${"a".repeat(64)}`, {
    headers: { authorization: basicAuth(deviceId, password) },
  });

/** The device's credentials were accepted: what follows is about the file (missing, or not its job's). */
const credentialsAccepted = (status: number) => [403, 404].includes(status);

const enrollBody = (token: string, fingerprint: string) => ({
  token,
  fingerprint,
  device: exampleResultDocument.device,
  agentVersion: "0.1.0",
});
const enroll = (token: string, fingerprint: string) =>
  postJson(`${hub.httpUrl}/api/enroll`, enrollBody(token, fingerprint));

describe("HTTP limits", () => {
  it("answers 429 with Retry-After once a device id has failed 3 times (a success resets), without checking its secret", async () => {
    expect((await artifact("pi-dl-01", "wrong")).status).toBe(401);
    expect(credentialsAccepted((await artifact("pi-dl-01", secret)).status)).toBe(true); // a success resets the count
    for (let i = 0; i < 3; i++) expect((await artifact("pi-dl-01", "wrong")).status).toBe(401);
    const blocked = await artifact("pi-dl-01", secret);
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("retry-after")).toBe("1");
    expect(httpErrorSchema.parse(await blocked.json()).error.message).toBe(
      "too many failed attempts (identity pi-dl-01): retry in 1 s",
    );
    await new Promise((r) => setTimeout(r, 1100));
    expect(credentialsAccepted((await artifact("pi-dl-01", secret)).status)).toBe(true);
  });

  it("blocks enrolment from an address at its 6th bad token, even with a good one then; downloads have limits of their own", async () => {
    const codes: number[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await enroll(`bad-token-${i}-0123456789abcdef`, `${i}`.repeat(64))).status);
    expect(codes).toEqual([401, 401, 401, 401, 401, 401, 429]);
    const { token } = await createEnrollmentToken(hub.db, { expiresInMs: 60_000, requiresApproval: false });
    const refused = await fetch(`${hub.httpUrl}/api/enroll`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ ...enrollBody(token, "f".repeat(64)) }),
    });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // The artifact surface does not share the enrolment surface's count for this address.
    const other = await artifact("pi-dl-02", "secret-of-pi-dl-02-0123456789abcdef");
    expect(credentialsAccepted(other.status)).toBe(true);
    expect(hub.logs.find(/too many failed attempts/).map((l) => [l.surface, l.key])).toContainEqual([
      "enroll",
      "address 127.0.0.1",
    ]);
  });
});

describe("a port already in use", () => {
  let taken: Server;
  let port: number;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    port = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it("the real edgeseg-hub prints one line naming the port and exits 6, no stack", () => {
    const dir = mkdtempSync(join(tmpdir(), "edgeseg-port-"));
    try {
      const args = ["serve", "--data-dir", dir, "--mqtt-port", "0", "--http-port", "0"];
      const run = runCli([...args, "--ws-port", String(port), "--log-level", "warn"]);
      expect(run.status).toBe(6);
      expect(run.stderr).toBe(
        `edgeseg-hub: cannot listen for MQTT over WebSocket on 127.0.0.1:${port}: port ${port} is in use: stop the other process or choose another port\n`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  for (const which of ["wsPort", "mqttPort", "httpPort"] as const) {
    it(`stops start-up with one message naming the port (${which})`, async () => {
      const what = { wsPort: "MQTT over WebSocket", mqttPort: "MQTT", httpPort: "HTTP" }[which];
      await expect(startHub({ wsPort: 0, [which]: port })).rejects.toMatchObject({
        code: "RUNTIME",
        message: `cannot listen for ${what} on 127.0.0.1:${port}: port ${port} is in use: stop the other process or choose another port`,
      });
    });
  }
});
