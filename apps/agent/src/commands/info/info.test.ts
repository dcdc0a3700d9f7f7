import { deviceInfoSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { runCli } from "../../testing/cli.ts";

describe("edgeseg-agent info", () => {
  it("describes this machine and names its device class", () => {
    const run = runCli(["info", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout);
    const device = deviceInfoSchema.parse(out.device);
    expect(device.cores).toBeGreaterThan(0);
    expect(device.arch).toBe(process.arch);
    expect(device.nodeVersion).toBe(process.versions.node);
    expect(out.profile.id).toBe(device.deviceClass.id);
    expect(out.profile.budgets.memoryMb).toBeGreaterThan(0);
  });

  it("prints a readable summary without --json", () => {
    const run = runCli(["info"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/device class\s+\S/);
    expect(run.stdout).toMatch(/memory budget\s+\d+ MB/);
  });
});
