// Measures the agent daemon's footprint while connected and idle: resident memory and CPU time of the
// `edgeseg-agent run` process, sampled from /proc, against a real broker on 127.0.0.1.
// Usage: npx tsx apps/agent/src/daemon/idle-footprint.ts [seconds=60] [node flags...]
//   e.g. ... 60 --max-semi-space-size=1   (EDGESEG_AGENT_ENTRY=<file.mjs> runs a prebuilt entry without tsx;
//   EDGESEG_AGENT_BUNDLE=<dir> runs a release bundle's `agent.mjs run --config`, see scripts/build-agent.ts;
//   EDGESEG_IDLE_DUMP=<dir> writes the daemon's /proc/<pid>/smaps after each window, and a heap snapshot
//   too when the node flags include --heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>)
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataset } from "@edgeseg/bench";
import { topicFor } from "@edgeseg/protocol";
import { spawnAgent } from "../testing/agent-process.ts";
import { DATASET_ID, DEVICE_ID, SECRET } from "../testing/agent-setup.ts";
import { startArtifactServer } from "../testing/artifact-server.ts";
import { startBroker } from "../testing/broker.ts";
import { fixtureJob, MODEL_FILES } from "../testing/fixture-job.ts";
import { connectHub } from "../testing/hub-client.ts";
import { writeThresholdDataset } from "../testing/tiny-dataset.ts";

const seconds = Number(process.argv[2] ?? 60);
const nodeArgs = process.argv.slice(3);
const bundle = process.env.EDGESEG_AGENT_BUNDLE;
const prebuilt = bundle ? join(bundle, "agent.mjs") : process.env.EDGESEG_AGENT_ENTRY;
const CLK_TCK = 100; // getconf CLK_TCK on Linux

function statusKb(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0);
}
/** Proportional set size: shared pages (the node binary's code) divided among the processes mapping them. */
function pssKb(pid: number): number {
  const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"));
  return Number(m?.[1] ?? 0);
}
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime (proc(5), fields 14 and 15)
}
function children(pid: number): number[] {
  const out: number[] = [];
  for (const tid of readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/))
    if (tid) out.push(Number(tid));
  return out;
}

const jobs = Number(process.env.EDGESEG_IDLE_JOBS ?? 0); // EDGESEG_IDLE_JOBS=N: measure again after N jobs
const broker = await startBroker({ [DEVICE_ID]: SECRET });
const hub = await connectHub(broker.port);
const files = await startArtifactServer({ files: MODEL_FILES, deviceId: DEVICE_ID, secret: SECRET });
const root = await mkdtemp(join(tmpdir(), "edgeseg-idle-"));
const datasetDir = join(root, "dataset");
await writeThresholdDataset(datasetDir);
const agent = await spawnAgent(
  {
    deviceId: DEVICE_ID,
    secret: SECRET,
    mqttUrl: `mqtt://127.0.0.1:${broker.port}`,
    hubUrl: files.url,
    dataDir: join(root, "data"),
    telemetryIntervalS: 30,
    spoolMaxMb: 64,
    resultReceiptWaitS: 120,
    resultReceiptWaitMaxS: 3600,
    datasets: { [DATASET_ID]: datasetDir },
    shutdownGraceS: 10,
  },
  join(root, "agent.json"),
  {
    nodeArgs,
    ...(prebuilt ? { entry: prebuilt } : {}),
    ...(bundle ? { entryArgs: ["run", "--config"] } : {}),
  },
);
const pid = agent.child.pid!;
await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 60_000, "online");
await new Promise((r) => setTimeout(r, 10_000)); // start-up done, first heartbeat sent

const mb = (kb: number) => Math.round((kb / 1024) * 10) / 10;
async function idleWindow() {
  const rss: number[] = [];
  const anon: number[] = [];
  const t0 = Date.now();
  const ticks0 = cpuTicks(pid);
  for (let i = 0; i < seconds; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    rss.push(statusKb(pid, "VmRSS"));
    anon.push(statusKb(pid, "RssAnon"));
  }
  const cpuSeconds = (cpuTicks(pid) - ticks0) / CLK_TCK;
  const wall = (Date.now() - t0) / 1000;
  return {
    seconds: Math.round(wall),
    rssMb: { min: mb(Math.min(...rss)), max: mb(Math.max(...rss)), last: mb(rss.at(-1)!) },
    rssAnonMb: { min: mb(Math.min(...anon)), max: mb(Math.max(...anon)) },
    pssMb: mb(pssKb(pid)),
    cpuPercentOfOneCore: Math.round((1000 * cpuSeconds) / wall) / 10,
    // The daemon must not hold ONNX Runtime while idle: only the job's child process loads it.
    onnxRuntimeMapped: /libonnxruntime|onnxruntime_binding/.test(readFileSync(`/proc/${pid}/maps`, "utf8")),
  };
}

/** What the daemon holds after a window, for finding what stays resident (EDGESEG_IDLE_DUMP). */
async function dump(name: string): Promise<void> {
  const dir = process.env.EDGESEG_IDLE_DUMP;
  if (!dir) return;
  writeFileSync(join(dir, `${name}.smaps`), readFileSync(`/proc/${pid}/smaps`, "utf8"));
  const signal = /^--heapsnapshot-signal=(\w+)$/.exec(
    nodeArgs.find((a) => a.startsWith("--heapsnapshot-signal=")) ?? "",
  )?.[1];
  if (!signal) return;
  const snapshots = () =>
    existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot")) : [];
  const known = new Set(snapshots());
  process.kill(pid, signal as NodeJS.Signals);
  // Node writes Heap.<date>.<time>.<pid>.0.<seq>.heapsnapshot into --diagnostic-dir: wait until its size holds.
  let last = -1;
  for (let i = 0; i < 600; i++) {
    await new Promise((r) => setTimeout(r, 500));
    const file = snapshots().find((f) => !known.has(f));
    const size = file ? statSync(join(dir, file)).size : -1;
    if (size > 0 && size === last) break;
    last = size;
  }
}

const before = await idleWindow();
await dump("before");
let afterJobs: (Awaited<ReturnType<typeof idleWindow>> & { jobs: number }) | null = null;
if (jobs > 0) {
  const datasetSha256 = await (await loadDataset(datasetDir)).sha256();
  for (let i = 1; i <= jobs; i++) {
    const job = fixtureJob(DEVICE_ID, { jobId: `job_idle_${i}`, datasetId: DATASET_ID, datasetSha256 });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job);
    await hub.waitFor(
      (m) => m.kind === "results" && hub.of("results").length >= i,
      300_000,
      `result of job ${i}`,
    );
  }
  await new Promise((r) => setTimeout(r, 10_000)); // the child has exited, the result is sent
  afterJobs = { jobs, ...(await idleWindow()) };
  await dump("after");
}
const helpers = children(pid).map((c) => ({
  pid: c,
  cmd: readFileSync(`/proc/${c}/cmdline`, "utf8").split("\0").slice(0, 2).join(" "),
  rssMb: statusKb(c, "VmRSS") / 1024,
}));
const summary = {
  how: `${prebuilt ? `node ${prebuilt}` : "node --import tsx (TypeScript source)"} ${nodeArgs.join(" ")}`.trim(),
  ...before,
  afterJobs,
  telemetryMessages: hub.of("telemetry").length,
  helperProcesses: helpers,
};
console.log(JSON.stringify(summary, null, 2));
agent.child.kill("SIGTERM");
await agent.exited;
await hub.close();
await files.close();
await broker.close();
