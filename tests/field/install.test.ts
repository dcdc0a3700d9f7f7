/**
 * `curl … /install.sh | sh -s -- --token …` against a real `edgeseg-hub serve` on 127.0.0.1 that
 * serves a freshly built linux-x64 bundle: installed under a temporary prefix, verified, enrolled
 * (the device row exists in the hub's database), the systemd unit written and accepted by
 * `systemd-analyze verify` (not started: --no-start).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import { buildAgentBundles } from "../../scripts/build-agent.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";

const dir = tempDir("install");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

const isRoot = process.getuid?.() === 0;
const hasSystemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;

/** `curl -fsSL <hub>/install.sh | sh -s -- <args>`, as a field engineer types it. */
function curlPipeSh(hubUrl: string, args: string[]) {
  return spawnSync("sh", ["-c", `curl -fsSL "$0/install.sh" | sh -s -- "$@"`, hubUrl, ...args], {
    encoding: "utf8",
    timeout: 180_000,
  });
}

describe("install.sh served by the hub", () => {
  it("[slow] downloads, verifies and installs the bundle, enrols, writes a unit systemd accepts", async () => {
    const bundles = join(dir.path, "bundles");
    const [x64] = await buildAgentBundles({ platforms: ["linux-x64"], outDir: bundles });
    if (!x64) throw new Error("no linux-x64 bundle was built");
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir, extraArgs: ["--agent-bundles", bundles] });

    // The manifest and the checksums the hub serves are the build's.
    const manifest = (await (await fetch(`${hub.httpUrl}/api/agent/bundles`)).json()) as {
      version: string;
      bundles: { platform: string; sha256: string; nodeMin: string }[];
    };
    expect(manifest.bundles).toEqual([
      expect.objectContaining({ platform: "linux-x64", sha256: x64.sha256, nodeMin: "20.19.0" }),
    ]);
    const sums = await (await fetch(`${hub.httpUrl}/api/agent/bundles/SHA256SUMS`)).text();
    expect(sums).toBe(`${x64.sha256}  edgeseg-agent-0.1.0-linux-x64.tar.gz\n`);
    // Only listed tarballs are reachable.
    expect((await fetch(`${hub.httpUrl}/api/agent/bundles/bundles.json`)).status).toBe(404);

    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create", "--expires", "1h"]);
    const prefix = join(dir.path, "opt", "edgeseg-agent");
    const agentData = join(dir.path, "var", "edgeseg-agent");
    const systemdDir = join(dir.path, "systemd");
    const common = ["--prefix", prefix, "--data-dir", agentData, "--name", "field room 1"];
    // Root (CI): the service part too, as user daemon (no user is created on the test machine).
    const service = isRoot
      ? ["--systemd-dir", systemdDir, "--no-start", "--user", "daemon"]
      : ["--no-systemd"];
    const started = Date.now();
    const out = curlPipeSh(hub.httpUrl, ["--token", token, ...common, ...service]);
    const seconds = (Date.now() - started) / 1000;
    expect(out.status, out.stderr).toBe(0);
    console.log(`install.sh (linux-x64, ${(x64.bytes / 1e6).toFixed(1)} MB) took ${seconds.toFixed(1)} s`);

    // Installed: the versioned folder, `current` pointing at it, every file as its manifest says.
    const version = join(prefix, "edgeseg-agent-0.1.0-linux-x64");
    expect(lstatSync(join(prefix, "current")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(prefix, "current"))).toBe("edgeseg-agent-0.1.0-linux-x64");
    execFileSync("sha256sum", ["--quiet", "-c", "SHA256SUMS"], { cwd: version });
    // The launcher the unit starts, the bundle's own copy (self-update counts starts through it).
    expect(readFileSync(join(prefix, "launch.mjs"))).toEqual(readFileSync(join(version, "launch.mjs")));

    // Enrolled: the printed id is the config's and the hub's database has the device.
    const deviceId = /^device id: (\S+)$/m.exec(out.stdout)?.[1];
    const deviceClass = /^device class: (\S+)$/m.exec(out.stdout)?.[1];
    expect(deviceClass).toBe("generic-x86-64");
    const config = JSON.parse(readFileSync(join(agentData, "agent.json"), "utf8")) as Record<string, string>;
    expect(config.deviceId).toBe(deviceId);
    expect(config.dataDir).toBe(agentData);
    expect(config.hubUrl).toBe(hub.httpUrl);
    expect(lstatSync(join(agentData, "agent.json")).mode & 0o777).toBe(0o600);
    db = await openHubDb(dataDir);
    const device = await db.prisma.device.findUniqueOrThrow({ where: { id: deviceId! } });
    expect(device).toMatchObject({ status: "active", name: "field room 1" });

    // The installed agent's status: its installation, its identity, the hub reachable.
    const st = spawnSync(
      process.execPath,
      [join(prefix, "current", "agent.mjs"), "status", "--config", join(agentData, "agent.json"), "--json"],
      { encoding: "utf8" },
    );
    expect(st.status, st.stderr).toBe(0);
    expect(JSON.parse(st.stdout)).toMatchObject({
      ok: true,
      version: "0.1.0",
      install: {
        dir: prefix,
        current: "edgeseg-agent-0.1.0-linux-x64",
        running: "edgeseg-agent-0.1.0-linux-x64",
      },
      config: { deviceId },
    });

    if (!isRoot) {
      console.warn("install.test: not root, so the systemd part (--systemd-dir, user, unit) was not run");
      return;
    }
    const unitFile = join(systemdDir, "edgeseg-agent.service");
    const unit = readFileSync(unitFile, "utf8");
    expect(unit).toContain(
      `ExecStart=${process.execPath} --max-semi-space-size=1 --optimize-for-size --interrupt-budget=1000000 ${join(prefix, "launch.mjs")} run --config ${join(agentData, "agent.json")}`,
    );
    for (const line of [
      "User=daemon",
      "ProtectSystem=strict",
      `ReadWritePaths=${agentData} ${prefix}`,
      "NoNewPrivileges=yes",
      "PrivateTmp=yes",
    ])
      expect(unit).toContain(`${line}\n`);
    // The service owns its data and its installation (self-update writes there).
    const daemonUid = Number(execFileSync("id", ["-u", "daemon"], { encoding: "utf8" }));
    expect(lstatSync(agentData).uid).toBe(daemonUid);
    expect(lstatSync(prefix).uid).toBe(daemonUid);
    expect(lstatSync(join(version, "agent.mjs")).uid).toBe(daemonUid);
    // The prefix's parent is not the service's.
    expect(lstatSync(join(dir.path, "opt")).uid).toBe(0);
    if (!hasSystemdAnalyze) {
      console.warn("install.test: systemd-analyze is not installed, so the unit was not verified");
    } else {
      execFileSync("systemd-analyze", ["verify", unitFile], { encoding: "utf8" });
    }

    // Run again (already enrolled, no token): the same identity, no second device.
    const again = curlPipeSh(hub.httpUrl, [...common, ...service]);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain("already enrolled");
    expect(again.stdout).toContain(`device id: ${deviceId}`);
    expect(await db.prisma.device.count()).toBe(1);
    expect(existsSync(join(prefix, ".edgeseg-agent-0.1.0-linux-x64.partial"))).toBe(false);
  });

  it("[slow] refuses clearly: no token, a Node.js too old, an unknown option", async () => {
    const hubUrl = (await startHubProcessOnce()).httpUrl;
    const prefix = ["--prefix", join(dir.path, "p2"), "--data-dir", join(dir.path, "d2"), "--no-systemd"];
    const noToken = curlPipeSh(hubUrl, prefix);
    expect(noToken.status).not.toBe(0);
    expect(noToken.stderr).toMatch(/no --token: create one on the hub with edgeseg-hub token create/);
    // A "node" that reports 18.19.0 (Debian 12's own package is 18).
    const fakeNode = join(dir.path, "node18");
    execFileSync("sh", [
      "-c",
      `printf '#!/bin/sh\\necho "18.19.0 x64"\\n' > "$0" && chmod +x "$0"`,
      fakeNode,
    ]);
    const old = curlPipeSh(hubUrl, [...prefix, "--token", "x".repeat(20), "--node", fakeNode]);
    expect(old.status).not.toBe(0);
    expect(old.stderr).toContain("Node.js 18.19.0");
    expect(old.stderr).toContain("needs Node.js >= 20.19.0");
    expect(old.stderr).toContain("deb.nodesource.com/setup_20.x");
    const missing = curlPipeSh(hubUrl, [...prefix, "--node", join(dir.path, "no-such-node")]);
    expect(missing.stderr).toMatch(/does not run; install Node.js 20/);
    const system = curlPipeSh(hubUrl, ["--prefix", "/opt", "--no-systemd"]);
    expect(system.stderr).toContain("/opt is a system directory");
    const unknown = curlPipeSh(hubUrl, ["--frobnicate"]);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain("unknown option --frobnicate");
  });
});

let second: Promise<{ httpUrl: string }> | undefined;
/** A second hub for the refusals, serving the bundles the first test built. */
function startHubProcessOnce() {
  second ??= startHubProcess({
    dataDir: join(dir.path, "hub2"),
    extraArgs: ["--agent-bundles", join(dir.path, "bundles")],
  });
  return second;
}
