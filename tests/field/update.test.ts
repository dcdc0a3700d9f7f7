/**
 * Self-update on a real hub: an agent installed by install.sh (0.1.0) is told by
 * `edgeseg-hub device update` to move to the hub's 0.2.0 bundle — it verifies, switches `current`,
 * restarts (the test's supervisor plays systemd's Restart=always) and comes back online as 0.2.0.
 * Then a 0.3.0 that dies at start: the agent switches back to 0.2.0 and tells the hub. Then a 0.4.0
 * that passes its trial but fails whenever the service starts it: the launcher switches back after
 * three starts, and 0.2.0 tells the hub.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import { buildAgentBundles } from "../../scripts/build-agent.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { type Running, repoRoot, spawnTracked, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("update");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

const hubBin = join(repoRoot, "apps/hub/bin/edgeseg-hub.js");

/** What systemd does for the unit (Restart=always): start `current/agent.mjs run` again whenever it exits. */
function supervise(agent: string, config: string) {
  const starts: Running[] = [];
  let stopped = false;
  const start = () => {
    const r = spawnTracked(process.execPath, [agent, "run", "--config", config], {
      env: { ...process.env, EDGESEG_LOG_LEVEL: "info" },
    });
    starts.push(r);
    void r.exited.then(() => {
      if (!stopped) setTimeout(start, 300);
    });
  };
  start();
  return {
    starts,
    output: () => starts.map((s) => s.output()).join("\n--- restart ---\n"),
    async stop() {
      stopped = true;
      await starts.at(-1)!.stop();
    },
  };
}

/** Replaces what the hub serves by another build's bundles (a new release dropped into the directory). */
function serve(from: string, to: string) {
  for (const f of readdirSync(to)) rmSync(join(to, f), { recursive: true, force: true });
  for (const f of readdirSync(from)) if (!f.startsWith(".")) cpSync(join(from, f), join(to, f));
}

/**
 * A release of `version` that verifies (its SHA256SUMS and sha256 are right) but whose agent.mjs is
 * `edit`ed: it dies at start, or only when started as the service.
 */
async function brokenRelease(out: string, version: string, edit: (agent: string) => string) {
  const [b] = await buildAgentBundles({ platforms: ["linux-x64"], outDir: out, version });
  const name = `edgeseg-agent-${version}-linux-x64`;
  const work = join(out, ".work");
  execFileSync("mkdir", ["-p", work]);
  execFileSync("tar", ["-xzf", b!.tarball, "-C", work]);
  const agent = join(work, name, "agent.mjs");
  writeFileSync(agent, edit(readFileSync(agent, "utf8")));
  const sums = execFileSync(
    "sh",
    ["-c", "find . -type f ! -name SHA256SUMS | sed 's|^./||' | sort | xargs sha256sum"],
    {
      cwd: join(work, name),
      encoding: "utf8",
    },
  );
  writeFileSync(join(work, name, "SHA256SUMS"), sums);
  execFileSync("tar", ["-czf", b!.tarball, "-C", work, name]);
  const sha256 = createHash("sha256").update(readFileSync(b!.tarball)).digest("hex");
  const manifest = JSON.parse(readFileSync(join(out, "bundles.json"), "utf8")) as {
    bundles: { sha256: string; bytes: number }[];
  };
  manifest.bundles[0]!.sha256 = sha256;
  manifest.bundles[0]!.bytes = readFileSync(b!.tarball).length;
  writeFileSync(join(out, "bundles.json"), JSON.stringify(manifest));
  rmSync(work, { recursive: true, force: true });
}

describe("self-update from the hub", () => {
  it("[slow] 0.1.0 → 0.2.0 switches, comes back online and confirms; a 0.3.0 that never comes online and a 0.4.0 that fails at its next starts are rolled back", async () => {
    const v1 = join(dir.path, "v1");
    const v2 = join(dir.path, "v2");
    const v3 = join(dir.path, "v3");
    await buildAgentBundles({ platforms: ["linux-x64"], outDir: v1 });
    await buildAgentBundles({ platforms: ["linux-x64"], outDir: v2, version: "0.2.0" });
    await brokenRelease(v3, "0.3.0", () => 'throw new Error("this release is broken");\n');
    // Passes its trial (started by the old agent), fails whenever it is started as the service.
    const v4 = join(dir.path, "v4");
    await brokenRelease(
      v4,
      "0.4.0",
      (agent) =>
        `if (!process.env.EDGESEG_UPDATE_TRIAL) { console.error("0.4.0: cannot start as the service"); process.exit(1); }\n${agent}`,
    );
    const served = join(dir.path, "served");
    execFileSync("mkdir", ["-p", served]);
    serve(v1, served);

    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir, extraArgs: ["--agent-bundles", served] });
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
    const prefix = join(dir.path, "opt");
    const data = join(dir.path, "data");
    const install = spawnSync(
      "sh",
      [
        "-c",
        `curl -fsSL "$0/install.sh" | sh -s -- "$@"`,
        hub.httpUrl,
        ...["--token", token, "--prefix", prefix, "--data-dir", data, "--no-systemd"],
      ],
      { encoding: "utf8", timeout: 180_000 },
    );
    expect(install.status, install.stderr).toBe(0);
    const deviceId = /^device id: (\S+)$/m.exec(install.stdout)![1]!;
    db = await openHubDb(dataDir);
    const device = () => db!.prisma.device.findUniqueOrThrow({ where: { id: deviceId } });
    // What the unit starts: the launcher, which runs current/agent.mjs.
    const agent = supervise(join(prefix, "launch.mjs"), join(data, "agent.json"));
    await waitFor(
      async () => (await device()).online && (await device()).agentVersion === "0.1.0",
      "0.1.0 online",
      {
        timeoutMs: 60_000,
        context: agent.output,
      },
    );

    // The hub now serves 0.2.0; the admin tells the device to update.
    serve(v2, served);
    const update = (timeout: string) => {
      const out = spawnSync(
        process.execPath,
        [hubBin, "device", "update", deviceId, "--data-dir", dataDir, "--agent-bundles", served].concat([
          "--mqtt-url",
          hub.mqttUrl,
          "--timeout",
          timeout,
          "--json",
        ]),
        { encoding: "utf8", timeout: 60_000 },
      );
      expect(out.status, out.stderr).toBe(0);
      return JSON.parse(out.stdout) as { from: string; to: string; platforms: string[] };
    };
    expect(update("60")).toMatchObject({ from: "0.1.0", to: "0.2.0", platforms: ["linux-x64"] });
    await waitFor(
      async () => {
        const d = await device();
        return d.online && d.agentVersion === "0.2.0" && agent.starts.length >= 2;
      },
      "0.2.0 online after the restart",
      { timeoutMs: 120_000, context: agent.output },
    );
    expect(readlinkSync(join(prefix, "current"))).toBe("edgeseg-agent-0.2.0-linux-x64");
    // Confirmed by the service's own start of 0.2.0 once it had connected (the launcher counted it).
    const updateState = () => JSON.parse(readFileSync(join(prefix, "update.json"), "utf8")) as object;
    await waitFor(() => (updateState() as { status: string }).status === "done", "0.2.0 confirmed", {
      timeoutMs: 30_000,
      context: agent.output,
    });
    expect(updateState()).toMatchObject({
      from: "edgeseg-agent-0.1.0-linux-x64",
      to: "edgeseg-agent-0.2.0-linux-x64",
      status: "done",
      starts: 1,
    });
    // The old version stays beside it (a manual rollback is one `ln -sfn`).
    expect(
      readdirSync(prefix)
        .filter((f) => f.startsWith("edgeseg-agent-"))
        .sort(),
    ).toEqual(["edgeseg-agent-0.1.0-linux-x64", "edgeseg-agent-0.2.0-linux-x64"]);
    const restartsAfterV2 = agent.starts.length;

    // A release that dies at start: switched back within the timeout, 0.2.0 back online, hub told.
    serve(v3, served);
    expect(update("10")).toMatchObject({ from: "0.2.0", to: "0.3.0" });
    await waitFor(
      () => hub.warningsFor(deviceId).some((l) => /update to 0\.3\.0 rolled back/.test(String(l.msg))),
      "the rollback reported to the hub",
      { timeoutMs: 120_000, context: agent.output },
    );
    expect(readlinkSync(join(prefix, "current"))).toBe("edgeseg-agent-0.2.0-linux-x64");
    expect(JSON.parse(readFileSync(join(prefix, "update.json"), "utf8"))).toMatchObject({
      to: "edgeseg-agent-0.3.0-linux-x64",
      status: "rolled-back",
      reported: true,
    });
    expect(agent.output()).toContain("the new agent exited (code 1) before it was online");
    const d = await device();
    expect(d.online).toBe(true);
    expect(d.agentVersion).toBe("0.2.0");
    expect(agent.starts.length).toBe(restartsAfterV2 + 1);

    // A tampered download is refused before anything changes.
    serve(v2, served);
    const manifest = JSON.parse(readFileSync(join(served, "bundles.json"), "utf8")) as {
      version: string;
      bundles: { sha256: string }[];
    };
    manifest.version = "0.2.1";
    manifest.bundles[0]!.sha256 = "0".repeat(64);
    writeFileSync(join(served, "bundles.json"), JSON.stringify(manifest));
    update("30");
    await waitFor(
      () =>
        hub.warningsFor(deviceId).some((l) => /update to 0\.2\.1 refused: .*has sha256/.test(String(l.msg))),
      "the refused update reported",
      { timeoutMs: 60_000, context: agent.output },
    );
    expect(readlinkSync(join(prefix, "current"))).toBe("edgeseg-agent-0.2.0-linux-x64");
    expect(agent.starts.length).toBe(restartsAfterV2 + 1);

    // A release that passes its trial but fails at the service's next starts: after three starts
    // without connecting, the launcher switches back to 0.2.0, which tells the hub.
    serve(v4, served);
    const beforeV4 = agent.starts.length;
    expect(update("60")).toMatchObject({ from: "0.2.0", to: "0.4.0" });
    await waitFor(
      () =>
        hub
          .warningsFor(deviceId)
          .some((l) =>
            /update to 0\.4\.0 rolled back to edgeseg-agent-0\.2\.0-linux-x64: it passed its trial but did not connect to the hub in 3 starts/.test(
              String(l.msg),
            ),
          ),
      "the rollback after failed starts reported to the hub",
      { timeoutMs: 180_000, context: agent.output },
    );
    expect(readlinkSync(join(prefix, "current"))).toBe("edgeseg-agent-0.2.0-linux-x64");
    expect(updateState()).toMatchObject({
      to: "edgeseg-agent-0.4.0-linux-x64",
      status: "rolled-back",
      starts: 3,
      reported: true,
    });
    expect(agent.output()).toContain("0.4.0: cannot start as the service");
    expect(agent.output()).toContain("switched back to edgeseg-agent-0.2.0-linux-x64");
    // The old agent's exit after the trial, three failed starts of 0.4.0, the launcher's rollback start.
    expect(agent.starts.length).toBe(beforeV4 + 4);
    const back = await device();
    expect(back.online).toBe(true);
    expect(back.agentVersion).toBe("0.2.0");
    await agent.stop();
  });
});
