import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb } from "@edgeseg/db";
import { writeSuite } from "@edgeseg/registry/testing";
import { afterAll, describe, expect, it } from "vitest";
import { dataDirLayout } from "../config/data-dir.ts";
import { runCli, startServe } from "../testing/cli.ts";

const dir = mkdtempSync(join(tmpdir(), "edgeseg-hub-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("edgeseg-hub serve", () => {
  it("starts from the repository root, answers /healthz and stops cleanly on SIGTERM", async () => {
    const { child, listening, lines } = await startServe([
      "--data-dir",
      dir,
      "--mqtt-port",
      "0",
      "--http-port",
      "0",
      "--ws-port",
      "off",
    ]);
    expect(listening).toMatchObject({ wsPort: null, dataDir: dir });
    const health = await fetch(`${listening.httpUrl}/healthz`);
    expect(await health.json()).toMatchObject({ status: "ok", broker: "embedded" });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(lines.map((l) => JSON.parse(l).msg)).toContain("hub stopped");
  });

  it("refuses a bad setting before starting, naming the flag or the environment variable", () => {
    const flag = runCli(["serve", "--data-dir", dir, "--mqtt-port", "abc"]);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(
      /^edgeseg-hub: invalid hub configuration: --mqtt-port \/ EDGESEG_MQTT_PORT: .*\(got "abc"\)\n$/,
    );
    const env = runCli(["--data-dir", dir, "--tls-cert", "c.pem"], { EDGESEG_HTTP_PORT: "70000" });
    expect(env.status).toBe(2);
    expect(env.stderr).toContain(
      '--http-port / EDGESEG_HTTP_PORT: the HTTP port must be 0-65535 (0 picks a free port) (got "70000")',
    );
    expect(env.stderr).toContain(
      "--tls-key / EDGESEG_TLS_KEY: give both --tls-cert and --tls-key, or neither",
    );
  });
});

describe("edgeseg-hub token and device", () => {
  it("prints a token once, as text or JSON, and checks --expires", () => {
    const text = runCli(["token", "create", "--data-dir", dir, "--expires", "30m"]);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^[A-Za-z0-9_-]{43}\n$/);
    expect(text.stderr).toContain("it is not shown again");
    const json = runCli(["token", "create", "--data-dir", dir, "--approval", "--json"]);
    const created = JSON.parse(json.stdout);
    expect(created).toMatchObject({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      requiresApproval: true,
    });
    const hours = (Date.parse(created.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(23.9);
    expect(hours).toBeLessThanOrEqual(24);
    const bad = runCli(["token", "create", "--data-dir", dir, "--expires", "2 weeks"]);
    expect([bad.status, bad.stderr]).toEqual([
      2,
      'edgeseg-hub: --expires "2 weeks": expected a duration such as 30m, 24h or 7d (at most 365d)\n',
    ]);
  });

  it("lists devices and approves a pending one", async () => {
    const db = await createDb({ url: dataDirLayout(dir).dbUrl });
    await db.prisma.device.create({
      data: { id: "pi-cli-01", name: "lab", secretHash: "x", status: "pending" },
    });
    await db.close();
    const approve = runCli(["device", "approve", "pi-cli-01", "--data-dir", dir]);
    expect([approve.status, approve.stdout]).toEqual([
      0,
      "pi-cli-01 approved (was pending); it may connect and take jobs now\n",
    ]);
    const list = runCli(["device", "list", "--json"], { EDGESEG_DATA_DIR: dir });
    expect(JSON.parse(list.stdout)).toMatchObject([
      { id: "pi-cli-01", status: "active", online: false, lastSeenAt: null },
    ]);
    const unknown = runCli(["device", "approve", "pi-nobody", "--data-dir", dir]);
    expect([unknown.status, unknown.stderr]).toEqual([
      4,
      'edgeseg-hub: no device "pi-nobody": see edgeseg-hub device list (or the dashboard\'s admin page) for the enrolled ones\n',
    ]);
  });
});

describe("edgeseg-hub suite and campaign", () => {
  it("imports a suite with its models and queues a campaign for a device, with scenario overrides", async () => {
    const suite = JSON.parse(
      runCli(["suite", "import", writeSuite(dir), "--data-dir", dir, "--json"]).stdout,
    );
    expect(suite).toMatchObject({
      suiteId: "test-suite",
      version: "1",
      models: [{ modelId: "threshold-seg" }, { modelId: "box-prompt" }],
    });
    const args = [
      "campaign",
      "create",
      "--data-dir",
      dir,
      "--name",
      "cli",
      "--suite",
      "test-suite",
      "--models",
      "threshold-seg",
    ];
    const created = runCli([...args, "--devices", "pi-cli-01", "--timeout", "10m", "--json"]);
    expect(JSON.parse(created.stdout)).toMatchObject({
      campaignId: expect.any(String),
      jobIds: [expect.any(String)],
    });
    // Scenario overrides as JSON: stored with the campaign; bad JSON or a bad field exits 3, naming it.
    const overridden = runCli([...args, "--devices", "pi-cli-01", "--overrides", '{"maxCases":1}', "--json"]);
    const { campaignId } = JSON.parse(overridden.stdout) as { campaignId: string };
    const db = await createDb({ url: dataDirLayout(dir).dbUrl });
    try {
      const row = await db.prisma.campaign.findUniqueOrThrow({ where: { id: campaignId } });
      expect(row.overrides).toEqual({ maxCases: 1 });
    } finally {
      await db.close();
    }
    const notJson = runCli([...args, "--devices", "pi-cli-01", "--overrides", "{maxCases:1}"]);
    expect(notJson.status).toBe(3);
    expect(notJson.stderr).toContain("--overrides: not JSON");
    const badField = runCli([...args, "--devices", "pi-cli-01", "--overrides", '{"maxCases":-1}']);
    expect(badField.status).toBe(3);
    expect(badField.stderr).toContain("scenarioOverrides.maxCases");
  });
});
