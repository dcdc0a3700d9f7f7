// `npm run bench:auth-flood`: a real `edgeseg-hub serve` process on 127.0.0.1 receives 1,000 MQTT
// CONNECTs with a wrong password (50 at a time, the enrolled device's id as username) while an honest
// device downloads a 1 MiB model artifact over HTTP every 100 ms. Prints the hub's CPU time spent
// during the flood (utime + stime from /proc/<pid>/stat), the flood's wall time, the CONNACK codes the
// attempts got and the honest downloads' latency. Then 100 connections each send 1 MB of a CONNECT
// announcing 1,040,000 bytes and wait: the hub's RSS and how many it closed. Prints a table and one
// JSON line; writes only into a temp dir, removed at the end.
// Options: --connects N (1000), --parallel N (50), --partial N (100), --ids same|random (random: a
// new unknown device id per attempt, each costing the hub a decoy check), --hub <bin> (another
// checkout's apps/hub/bin/edgeseg-hub.js, to measure an older hub with the same script:
// `git worktree add /tmp/before <commit> && ln -s "$PWD/node_modules" /tmp/before/node_modules`).
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { hashSecret } from "@edgeseg/db";
import { handleFatal, MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import { seedJob } from "edgeseg-hub/testing";
import mqtt from "mqtt";
import { freePort } from "../support/free-port.ts";
import { openHubDb } from "../support/hub-db.ts";
import { repoRoot, spawnTracked, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const DEVICE = "bench-flood-target";
const HONEST = "bench-honest-agent";

/** Clock ticks of CPU (user + system) the process has used; 100 ticks per second on Linux. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** One CONNECT: resolves with the CONNACK return code, "connected", or "closed" (no CONNACK). */
function attempt(url: string, id: string, password: string): Promise<string> {
  return new Promise((resolve) => {
    const client = mqtt.connect(url, {
      protocolVersion: MQTT_PROTOCOL_LEVEL,
      clientId: id,
      username: id,
      password,
      reconnectPeriod: 0,
      connectTimeout: 30_000,
    });
    const done = (outcome: string) => {
      client.removeAllListeners();
      client.on("error", () => {});
      client.end(true);
      resolve(outcome);
    };
    client.once("connect", () => done("connected"));
    client.once("error", (err) => done(String((err as { code?: number }).code ?? "error")));
    client.once("close", () => done("closed"));
  });
}

/** `edgeseg-hub serve` from `bin` on free ports of 127.0.0.1, once /healthz answers. */
async function startHub(bin: string, dataDir: string) {
  const [mqttPort, httpPort] = [await freePort(), await freePort()];
  const args = [bin, "serve", "--data-dir", dataDir, "--ws-port", "off", "--log-level", "warn"];
  args.push("--mqtt-port", String(mqttPort), "--http-port", String(httpPort));
  const running = spawnTracked(process.execPath, args);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  await waitFor(
    async () => {
      if (running.hasExited()) throw new Error(`edgeseg-hub exited:\n${running.output()}`);
      return fetch(`${httpUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    "edgeseg-hub /healthz",
    { timeoutMs: 60_000 },
  );
  running.discardOutput();
  return Object.assign(running, { httpUrl, mqttUrl: `mqtt://127.0.0.1:${mqttPort}` });
}

function rssMiB(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Math.round(Number(kb) / 1024);
}

/**
 * `n` connections that each send a CONNECT announcing 1,040,000 bytes and 1,039,000 of them, then
 * wait (a client holding the hub's memory before authenticating). Returns the hub's RSS before and
 * at its peak over `holdS` seconds, and how many connections the hub closed meanwhile.
 */
async function partialConnects(pid: number, mqttUrl: string, n: number) {
  const holdS = 3;
  const port = Number(new URL(mqttUrl).port);
  const rssBeforeMiB = rssMiB(pid);
  let closedByHub = 0;
  const body = Buffer.alloc(1_039_000, 0x61);
  const sockets = Array.from({ length: n }, () => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.write(Buffer.from([0x10, 0x80, 0xbd, 0x3f])); // CONNECT, Remaining Length 1,040,000
      socket.write(body);
    });
    socket.on("error", () => {});
    socket.once("close", () => (closedByHub += 1));
    return socket;
  });
  let rssPeakMiB = rssBeforeMiB;
  for (let t = 0; t < holdS * 10; t++) {
    await new Promise((r) => setTimeout(r, 100));
    rssPeakMiB = Math.max(rssPeakMiB, rssMiB(pid));
  }
  const closed = closedByHub;
  for (const s of sockets) s.destroy();
  return { connections: n, holdS, rssBeforeMiB, rssPeakMiB, closedByHub: closed };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connects: { type: "string", default: "1000" },
      parallel: { type: "string", default: "50" },
      hub: { type: "string" },
      ids: { type: "string", default: "same" },
      partial: { type: "string", default: "100" },
    },
  });
  if (values.ids !== "same" && values.ids !== "random") throw new Error("--ids must be same or random");
  const total = Number(values.connects);
  const parallel = Number(values.parallel);
  const log = (s: string) => process.stderr.write(`[bench:auth-flood] ${s}\n`);
  const dir = tempDir("bench-auth-flood");
  try {
    const hub = await startHub(values.hub ?? join(repoRoot, "apps/hub/bin/edgeseg-hub.js"), dir.path);
    const db = await openHubDb(dir.path);
    // Real-cost hashes (the hub's default scrypt parameters), as enrolment stores them.
    const honestSecret = randomBytes(32).toString("base64url");
    await db.prisma.device.createMany({
      data: [
        {
          id: DEVICE,
          name: DEVICE,
          status: "active",
          secretHash: await hashSecret(randomBytes(32).toString("base64url")),
        },
        { id: HONEST, name: HONEST, status: "active", secretHash: await hashSecret(honestSecret) },
      ],
    });
    const artifact = randomBytes(1024 * 1024);
    const sha = createHash("sha256").update(artifact).digest("hex");
    mkdirSync(join(dir.path, "artifacts"), { recursive: true });
    writeFileSync(join(dir.path, "artifacts", sha), artifact);
    await db.prisma.artifact.create({ data: { sha256: sha, size: BigInt(artifact.length), path: sha } });
    // Artifacts are served only for the device's own open jobs.
    await seedJob(db, { id: "job-honest", deviceId: HONEST, graphs: { model: { sha256: sha } } });
    await db.close();

    const authorization = `Basic ${Buffer.from(`${HONEST}:${honestSecret}`).toString("base64")}`;
    const download = async () => {
      const t = performance.now();
      const res = await fetch(`${hub.httpUrl}/api/artifacts/${sha}`, { headers: { authorization } });
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || body.length !== artifact.length)
        throw new Error(`download got ${res.status}`);
      return performance.now() - t;
    };
    const quiet: number[] = [];
    for (let i = 0; i < 20; i++) quiet.push(await download()); // the first one verifies the secret
    quiet.shift();

    log(
      `flooding ${hub.mqttUrl} with ${total} wrong-password CONNECTs (${values.ids} ids), ${parallel} at a time`,
    );
    const outcomes = new Map<string, number>();
    const during: number[] = [];
    let flooding = true;
    const downloads = (async () => {
      while (flooding) {
        during.push(await download());
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    const cpu0 = cpuSeconds(hub.pid);
    const t0 = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        while (next < total) {
          next += 1;
          const id = values.ids === "same" ? DEVICE : `bench-guess-${next}`;
          const outcome = await attempt(hub.mqttUrl, id, `wrong-${next}`);
          outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
        }
      }),
    );
    const wallS = (performance.now() - t0) / 1000;
    const cpuS = cpuSeconds(hub.pid) - cpu0;
    flooding = false;
    await downloads;
    const partial = await partialConnects(hub.pid, hub.mqttUrl, Number(values.partial));
    await hub.stop();

    const q = [...quiet].sort((a, b) => a - b);
    const d = [...during].sort((a, b) => a - b);
    const figures = {
      ids: values.ids,
      connects: total,
      parallel,
      floodWallS: Number(wallS.toFixed(2)),
      hubCpuS: Number(cpuS.toFixed(2)),
      connack: Object.fromEntries([...outcomes].sort()),
      downloadQuietMs: { p50: Number(pct(q, 50).toFixed(1)), max: Number(q.at(-1)!.toFixed(1)) },
      downloadDuringFloodMs: {
        n: d.length,
        p50: Number(pct(d, 50).toFixed(1)),
        p95: Number(pct(d, 95).toFixed(1)),
        max: Number((d.at(-1) ?? Number.NaN).toFixed(1)),
      },
      partialConnects: partial,
    };
    process.stdout.write(
      [
        `flood: ${total} bad CONNECTs (${values.ids} ids, ${parallel} at a time) in ${figures.floodWallS} s; hub CPU ${figures.hubCpuS} s`,
        `CONNACK outcomes: ${JSON.stringify(figures.connack)}`,
        `honest 1 MiB download, quiet: p50 ${figures.downloadQuietMs.p50} ms, max ${figures.downloadQuietMs.max} ms`,
        `honest 1 MiB download, during flood (n=${d.length}): p50 ${figures.downloadDuringFloodMs.p50} ms, p95 ${figures.downloadDuringFloodMs.p95} ms, max ${figures.downloadDuringFloodMs.max} ms`,
        `${partial.connections} partial 1 MB CONNECTs: hub RSS ${partial.rssBeforeMiB} -> ${partial.rssPeakMiB} MiB; ${partial.closedByHub} closed by the hub within ${partial.holdS} s`,
        JSON.stringify(figures),
        "",
      ].join("\n"),
    );
  } finally {
    await stopAll();
    dir.remove();
  }
}

main().catch((error) => handleFatal("bench:auth-flood", error));
