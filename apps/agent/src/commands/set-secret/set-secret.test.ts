import { mkdtemp, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig, saveConfig } from "../../config/index.ts";
import { setAgentSecret } from "./set-secret.ts";

const config = {
  deviceId: "pi4-clinic-07",
  secret: "o".repeat(43),
  mqttUrl: "mqtt://127.0.0.1:1883",
  hubUrl: "http://127.0.0.1:8080",
  dataDir: "/var/lib/edgeseg-agent",
  telemetryIntervalS: 7,
};

describe("set-secret", () => {
  it("replaces only the secret, keeping the other settings and mode 0600", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "edgeseg-secret-")), "agent.json");
    await saveConfig(path, config);
    expect(await setAgentSecret(path, "n".repeat(43))).toEqual({ deviceId: "pi4-clinic-07" });
    const saved = await loadConfig(path);
    expect(saved.secret).toBe("n".repeat(43));
    expect(saved.telemetryIntervalS).toBe(7);
    expect(saved.mqttUrl).toBe(config.mqttUrl);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(await readFile(path, "utf8")).not.toContain("o".repeat(43));
  });

  it("refuses a truncated paste and the secret already there, leaving the file as it was", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "edgeseg-secret-")), "agent.json");
    await saveConfig(path, config);
    const before = await readFile(path, "utf8");
    await expect(setAgentSecret(path, "short")).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("5 characters long"),
    });
    await expect(setAgentSecret(path, config.secret)).rejects.toMatchObject({
      code: "INPUT",
      message: expect.stringContaining("already holds this secret"),
    });
    await expect(setAgentSecret(join(path, "..", "missing.json"), "n".repeat(43))).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await readFile(path, "utf8")).toBe(before);
  });
});
