import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { saveConfig } from "../../config/index.ts";
import { buildUnit, installServiceCommand } from "./index.ts";
import { DAEMON_NODE_FLAGS, quoteArg, renderUnit } from "./unit.ts";

const base = {
  nodePath: "/usr/bin/node",
  binPath: "/opt/edgeseg/apps/agent/bin/edgeseg-agent.js",
  configPath: "/etc/edgeseg/agent.json",
  dataDir: "/var/lib/edgeseg-agent",
  readPaths: ["/opt/edgeseg/"],
  shutdownGraceS: 10,
};
const line = (unit: string, key: string) => unit.split("\n").filter((l) => l.startsWith(`${key}=`));

describe("install-service unit", () => {
  it("starts `run` with absolute paths, restarts always, and sandboxes all but the data directory", () => {
    const unit = renderUnit({ ...base, user: "edgeseg" });
    expect(line(unit, "ExecStart")).toEqual([
      "ExecStart=/usr/bin/node --max-semi-space-size=1 --optimize-for-size --interrupt-budget=1000000 /opt/edgeseg/apps/agent/bin/edgeseg-agent.js run --config /etc/edgeseg/agent.json",
    ]);
    expect(line(unit, "User")).toEqual(["User=edgeseg"]);
    expect(line(unit, "Restart")).toEqual(["Restart=always"]);
    expect(line(unit, "RestartSec")).toEqual(["RestartSec=5"]);
    expect(line(unit, "After")).toEqual(["After=network-online.target"]);
    expect(line(unit, "Wants")).toEqual(["Wants=network-online.target"]);
    expect(line(unit, "ProtectSystem")).toEqual(["ProtectSystem=strict"]);
    expect(line(unit, "ReadWritePaths")).toEqual(["ReadWritePaths=/var/lib/edgeseg-agent"]);
    expect(line(unit, "ProtectHome")).toEqual(["ProtectHome=yes"]);
    expect(line(unit, "NoNewPrivileges")).toEqual(["NoNewPrivileges=yes"]);
    expect(line(unit, "KillMode")).toEqual(["KillMode=mixed"]);
    expect(line(unit, "TimeoutStopSec")).toEqual(["TimeoutStopSec=40"]);
  });

  it("keeps home directories readable when the agent, its config or its data live there", () => {
    expect(
      line(renderUnit({ ...base, configPath: "/home/pi/.config/edgeseg/agent.json" }), "ProtectHome"),
    ).toEqual(["ProtectHome=read-only"]);
    expect(line(renderUnit({ ...base, readPaths: ["/root/edgeseg/"] }), "ProtectHome")).toEqual([
      "ProtectHome=read-only",
    ]);
    expect(line(renderUnit({ ...base, dataDir: "/homework" }), "ProtectHome")).toEqual(["ProtectHome=yes"]);
  });

  it("quotes paths with spaces and escapes systemd specifiers", () => {
    expect(quoteArg("/plain/path")).toBe("/plain/path");
    expect(quoteArg("/data/my agent")).toBe('"/data/my agent"');
    expect(quoteArg("/data/100%")).toBe("/data/100%%");
    expect(quoteArg('/a "b"')).toBe('"/a \\"b\\""');
  });

  it("builds the unit from a real config and writes it where asked", async () => {
    const dir = await mkdtemp(join(tmpdir(), "edgeseg-unit-"));
    const configPath = join(dir, "agent.json");
    await saveConfig(configPath, {
      deviceId: "pi4-clinic-07",
      secret: "s".repeat(40),
      mqttUrl: "mqtt://127.0.0.1:1883",
      hubUrl: "http://127.0.0.1:8080",
      dataDir: join(dir, "state"),
      shutdownGraceS: 20,
    });
    const unit = await buildUnit(configPath);
    expect(line(unit, "ExecStart")[0]).toMatch(
      new RegExp(
        `^ExecStart=${process.execPath} --max-semi-space-size=1 --optimize-for-size --interrupt-budget=1000000 /\\S+/apps/agent/bin/edgeseg-agent\\.js run --config ${configPath}$`,
      ),
    );
    const exec = line(unit, "ExecStart")[0]!.split(" ");
    expect(existsSync(exec[DAEMON_NODE_FLAGS.length + 1]!)).toBe(true);
    expect(line(unit, "ReadWritePaths")).toEqual([`ReadWritePaths=${join(dir, "state")}`]);
    expect(line(unit, "TimeoutStopSec")).toEqual(["TimeoutStopSec=50"]);

    const output = join(dir, "units", "edgeseg-agent.service");
    const write = process.stdout.write;
    let printed = "";
    process.stdout.write = ((s: string) => {
      printed += s;
      return true;
    }) as typeof process.stdout.write;
    try {
      await installServiceCommand({ config: configPath, output, print: false });
    } finally {
      process.stdout.write = write;
    }
    expect(await readFile(output, "utf8")).toBe(unit);
    expect(printed).toContain("systemctl daemon-reload && sudo systemctl enable --now edgeseg-agent");

    // systemd's own checker, where it exists, accepts the unit (it needs the file name to end in .service).
    const verify = spawnSync("systemd-analyze", ["verify", output], { encoding: "utf8" });
    if (verify.error === undefined) {
      const complaints = verify.stderr.split("\n").filter((l) => l.includes("edgeseg-agent.service"));
      expect(complaints).toEqual([]);
    }
  });
});
