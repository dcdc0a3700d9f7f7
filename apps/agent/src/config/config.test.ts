import { chmod, mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isAppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { loadConfig, resolveConfigPath, saveConfig } from "./index.ts";

const valid = {
  deviceId: "pi4-clinic-07",
  secret: "s".repeat(43),
  mqttUrl: "mqtt://127.0.0.1:1883",
  hubUrl: "http://127.0.0.1:8080",
  dataDir: "/var/lib/edgeseg-agent",
};

async function errorOf(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(error)) throw new Error(`expected an AppError, got ${String(error)}`);
  return { code: error.code, message: error.message };
}

describe("agent config", () => {
  it("saves with mode 0600 and loads back with defaults filled in", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-cfg-"));
    const path = join(dir, "nested", "agent.json");
    await saveConfig(path, valid);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, "nested"))).mode & 0o777).toBe(0o700);
    const cfg = await loadConfig(path);
    expect(cfg).toEqual({
      ...valid,
      telemetryIntervalS: 30,
      spoolMaxMb: 64,
      resultReceiptWaitS: 120,
      resultReceiptWaitMaxS: 3600,
      datasets: {},
      shutdownGraceS: 10,
    });
    // Saving again replaces the file whole and keeps the mode.
    await saveConfig(path, { ...cfg, telemetryIntervalS: 5 });
    expect((await loadConfig(path)).telemetryIntervalS).toBe(5);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it("refuses a config that group or others can read, naming the fix", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-cfg-"));
    const path = join(dir, "agent.json");
    await saveConfig(path, valid);
    await chmod(path, 0o644);
    const e = await errorOf(loadConfig(path));
    expect(e.code).toBe("FORBIDDEN");
    expect(e.message).toContain("mode 644");
    expect(e.message).toContain(`chmod 600 ${path}`);
  });

  it("names the field that is wrong", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-cfg-"));
    const path = join(dir, "agent.json");
    await writeFile(path, JSON.stringify({ ...valid, telemetryIntervalS: 0, hubUrl: "ftp://x" }), {
      mode: 0o600,
    });
    const e = await errorOf(loadConfig(path));
    expect(e.code).toBe("INPUT");
    expect(e.message).toContain('field "hubUrl"');
    expect(e.message).toContain('field "telemetryIntervalS"');
    await writeFile(path, JSON.stringify({ ...valid, dataDir: "relative/dir", extra: 1 }), { mode: 0o600 });
    const e2 = await errorOf(loadConfig(path));
    expect(e2.message).toContain('field "dataDir": expected an absolute path');
    expect(e2.message).toMatch(/extra/);
  });

  it("explains a missing file and bad JSON", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-cfg-"));
    const missing = await errorOf(loadConfig(join(dir, "none.json")));
    expect(missing.code).toBe("NOT_FOUND");
    expect(missing.message).toContain("edgeseg-agent enroll");
    const path = join(dir, "agent.json");
    await writeFile(path, "{ not json", { mode: 0o600 });
    const bad = await errorOf(loadConfig(path));
    expect(bad.message).toContain("not valid JSON");
    expect(await readFile(path, "utf8")).toBe("{ not json");
  });

  it("resolves the path from the flag, then the environment, then XDG", () => {
    expect(resolveConfigPath("/etc/a.json", { EDGESEG_AGENT_CONFIG: "/b.json" })).toBe("/etc/a.json");
    expect(resolveConfigPath(undefined, { EDGESEG_AGENT_CONFIG: "/b.json" })).toBe("/b.json");
    expect(resolveConfigPath(undefined, { XDG_CONFIG_HOME: "/x" })).toBe("/x/edgeseg/agent.json");
  });
});
