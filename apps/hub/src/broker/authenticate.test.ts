import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { connackCode } from "../testing/mqtt.ts";
import { SERVICE_USERNAME } from "./identity.ts";

let hub: TestHub;
let secret: string;
beforeAll(async () => {
  hub = await startHub();
  secret = await hub.addDevice("pi-auth-01");
  await hub.addDevice("pi-pending-01", "pending");
  await hub.addDevice("pi-disabled-01", "disabled");
});
afterAll(() => hub.dispose());

const as = (clientId: string, username: string | undefined, password: string | undefined) =>
  connackCode(hub.mqttUrl, { clientId, username, password, clean: false });

// CONNACK return codes, MQTT 3.1.1 section 3.2.2.3 Table 3.1.
describe("MQTT authentication", () => {
  it("accepts a device with its id and secret", async () => {
    expect(await as("pi-auth-01", "pi-auth-01", secret)).toBe("connected");
  });

  it("refuses a wrong secret, an unknown device and no credentials with 4 (bad user name or password)", async () => {
    expect(await as("pi-auth-01", "pi-auth-01", `${secret}x`)).toBe(4);
    expect(await as("pi-nobody-01", "pi-nobody-01", secret)).toBe(4);
    expect(await as("pi-auth-01", undefined, undefined)).toBe(4);
    expect(await as("Not/A+Device", "Not/A+Device", secret)).toBe(4);
  });

  it("refuses a client id other than the username with 2 (identifier rejected)", async () => {
    expect(await as("pi-other-01", "pi-auth-01", secret)).toBe(2);
  });

  it("refuses pending and disabled devices with 5 (not authorized), logging the pending one", async () => {
    expect(await as("pi-pending-01", "pi-pending-01", "secret-of-pi-pending-01-0123456789abcdef")).toBe(5);
    expect(await as("pi-disabled-01", "pi-disabled-01", "secret-of-pi-disabled-01-0123456789abcdef")).toBe(5);
    const waiting = hub.logs.find(/awaits approval/);
    expect(waiting.map((l) => l.deviceId)).toEqual(["pi-pending-01"]);
  });

  it("accepts the service credential only with the service secret and a service client id", async () => {
    const serviceSecret = readFileSync(join(hub.dir, "service-secret"), "utf8").trim();
    expect(await as("edgeseg-hub-test", SERVICE_USERNAME, serviceSecret)).toBe("connected");
    expect(await as("edgeseg-hub-test", SERVICE_USERNAME, "guess")).toBe(4);
    expect(await as("pi-auth-01", SERVICE_USERNAME, serviceSecret)).toBe(2);
  });

  it("logs every refusal with the client id and reason", () => {
    const refused = hub.logs.find("connection refused");
    expect(refused.length).toBeGreaterThanOrEqual(8);
    expect(refused.find((l) => l.clientId === "pi-disabled-01")?.reason).toBe("device is disabled");
  });
});
