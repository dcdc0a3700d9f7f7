/**
 * The data-locality audit, measured (docs/data-locality.md): a real hub and a real agent process, a
 * clinic-style local dataset whose voxels, file names, case ids and directory carry a canary, one real
 * job — and everything the agent sent, captured twice: on the wire (TCP recorders between the agent and
 * the hub's MQTT and HTTP ports, enrolment included) and at the broker (the hub's service credential
 * subscribed to every device-to-hub kind). Neither capture may hold the canary, a dataset path or file
 * name, or any run of 16 voxels; and the agent's own egress count must equal what the wire carried.
 */
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { resultDocumentSchema, topics, upstreamKinds } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { enrollAgentAsync, startAgentProcess } from "../support/agent-process.ts";
import { FAST_DATASET_ID, fastCampaign, writeFastSuite } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { connectRaw } from "../support/mqtt.ts";
import { stopAll } from "../support/process.ts";
import { startTcpRecorder, type TcpRecorder } from "../support/tcp-recorder.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";
import { writeCanaryDataset } from "./canary-dataset.ts";
import { decimalRuns, splitMqttPackets, voxelWindows, windowHits } from "./capture-scan.ts";

/** Consecutive voxels that must never appear together in anything the agent sent. */
const RUN = 16;

const dir = tempDir("locality-canary");
const recorders: TcpRecorder[] = [];
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  for (const r of recorders) await r.close();
  await db?.close();
  dir.remove();
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("data locality: nothing of the dataset leaves the device", () => {
  it("[slow] a real job on a canary dataset: the wire and the broker carry no canary, path, name or voxel run; egress equals the wire", async () => {
    const marker = `CNRY${randomBytes(6).toString("hex").toUpperCase()}`;
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir });
    const mqttWire = await startTcpRecorder(hub.mqttPort!);
    const httpWire = await startTcpRecorder(hub.httpPort);
    recorders.push(mqttWire, httpWire);

    const datasetDir = join(dir.path, `clinic-${marker}-scans`, "ct-2026");
    let canary: Awaited<ReturnType<typeof writeCanaryDataset>> | undefined;
    const fast = await writeFastSuite(join(dir.path, "suite"), {
      dir: datasetDir,
      write: async (d) => {
        canary = await writeCanaryDataset(d, marker);
      },
    });
    const data = canary!;
    hubCli(dataDir, ["suite", "import", fast.suitePath]);

    // Enrolment goes through the HTTP recorder too; then the agent is pointed at both recorders.
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create", "--expires", "1h"]);
    const agent = await enrollAgentAsync({
      hubUrl: `http://127.0.0.1:${httpWire.port}`,
      token,
      dir: join(dir.path, "agent"),
      datasets: { [FAST_DATASET_ID]: datasetDir },
      telemetryIntervalS: 2,
    });
    const config = JSON.parse(readFileSync(agent.configPath, "utf8")) as Record<string, unknown>;
    config.mqttUrl = `mqtt://127.0.0.1:${mqttWire.port}`;
    config.hubUrl = `http://127.0.0.1:${httpWire.port}`;
    writeFileSync(agent.configPath, JSON.stringify(config), { mode: 0o600 });

    // The broker's view: every message any device publishes, as the hub's service client sees it.
    const service = await connectRaw(hub.mqttUrl, {
      clientId: `edgeseg-hub-locality-${marker.toLowerCase()}`,
      username: "edgeseg-hub",
      password: readFileSync(join(dataDir, "service-secret"), "utf8").trim(),
    });
    await service.client.subscribeAsync(
      upstreamKinds.map((k) => topics.allDevices(k)),
      { qos: 1 },
    );

    const daemonStart = Date.now();
    const running = await startAgentProcess(agent.configPath);
    db = await openHubDb(dataDir);
    const [jobId] = await fastCampaign(db, [agent.deviceId], { name: "locality canary" });
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId: jobId! } }),
      `the result row of job ${jobId}`,
      { timeoutMs: 120_000, everyMs: 250, context: () => running.output().slice(-3000) },
    );
    // One more heartbeat after the result, so idle traffic is in the capture as well.
    await running.waitForLog("spool: results " + row.id + " delivered").catch(() => undefined);
    await new Promise((r) => setTimeout(r, 2500));
    await running.stop();
    expect((await running.exited).code).toBe(0);
    await new Promise((r) => setTimeout(r, 200));
    await service.client.endAsync();

    // The result: succeeded, its case ids pseudonyms, its egress audit stored as a column.
    const doc = resultDocumentSchema.parse(JSON.parse(row.document));
    expect(doc.status).toBe("succeeded");
    expect(doc.accuracy?.cases.map((c) => c.caseId)).toEqual(["case-0001"]);
    expect(doc.dataset.id).toBe(FAST_DATASET_ID);
    // Hiding the names does not cost the run its rank: the hub matches datasets by content hash.
    expect(row).toMatchObject({ origin: "job", rankable: true, unrankedReason: null });
    const egress = doc.egress!;
    expect(egress).toBeDefined();
    expect(row.egressBytes).toBe(egress.bytesOut);
    expect(egress.http.messages).toBe(2); // the model's two artifacts, fetched during the job
    expect(egress.mqtt.messages).toBeGreaterThanOrEqual(2); // progress at least

    // Everything captured: wire (both directions' client side, enrolment included) and broker.
    const mqttStreams = mqttWire.upstream();
    const httpStreams = httpWire.upstream();
    const brokerSide = service.received.map((m) => Buffer.concat([Buffer.from(m.topic), m.payload]));
    expect(service.received.some((m) => m.topic.endsWith("/results"))).toBe(true);
    const named = [
      ...mqttStreams.map((b, i) => ["mqtt wire", i, b] as const),
      ...httpStreams.map((b, i) => ["http wire", i, b] as const),
      ...brokerSide.map((b, i) => ["broker", i, b] as const),
    ];
    const capture = Buffer.concat(named.map(([, , b]) => b));
    const text = capture.toString("latin1");
    expect(capture.length).toBeGreaterThan(egress.bytesOut);
    /** Where `needle` occurs, with its surroundings, or null: a failure says what leaked and through what. */
    const whereIs = (needle: string) => {
      for (const [channel, i, b] of named) {
        const t = b.toString("latin1");
        const at = t.indexOf(needle);
        if (at >= 0)
          return `${channel} #${i} at ${at}: …${JSON.stringify(t.slice(Math.max(0, at - 120), at + 80))}…`;
      }
      return null;
    };

    // 1. The canary, raw and in the encodings a careless program would use.
    const forms = [
      data.canary.toString("latin1"),
      data.canary.toString("hex"),
      data.canary.toString("base64").slice(4, -4),
      marker,
      marker.toLowerCase(),
    ];
    for (const needle of forms) expect({ needle, at: whereIs(needle) }).toEqual({ needle, at: null });

    // 2. Paths and file names: the dataset directory, every file in it, every case id.
    const files = [
      ...readdirSync(join(datasetDir, "imagesTr")),
      ...readdirSync(join(datasetDir, "labelsTr")),
    ];
    for (const needle of [datasetDir, "clinic-", "ct-2026", ...files, ...data.caseIds]) {
      expect({ needle, at: whereIs(needle) }).toEqual({ needle, at: null });
    }

    // 3. No run of 16 voxels, as stored (int16 LE, any byte offset of the capture) or as decimal text.
    const windows = voxelWindows(data.images, RUN);
    expect(windows.raw.size).toBeGreaterThan(0.9 * data.images.length * 64 * 64 * 4);
    expect(windowHits(capture, windows.raw, RUN * 2)).toEqual([]);
    const runs = decimalRuns(text, RUN);
    expect(runs.filter((r) => windows.decimal.has(r))).toEqual([]);
    // The scanner finds what it looks for: 16 voxels planted at an odd offset, and as a JSON array.
    const image = data.images[1]!;
    const planted = Buffer.from(image.buffer, image.byteOffset + 2 * 3001, 2 * RUN);
    expect(windowHits(Buffer.concat([capture.subarray(0, 777), planted]), windows.raw, RUN * 2)).toHaveLength(
      1,
    );
    const asJson = JSON.stringify({ voxels: Array.from(image.subarray(5000, 5000 + RUN + 3)) });
    expect(decimalRuns(asJson, RUN).filter((r) => windows.decimal.has(r))).toHaveLength(4);

    // 4. The agent's count equals the wire. Its totals since start (logged at its stop) against every
    //    byte the recorders saw after it started, per transport; then the job's window inside the stream.
    const stopped = running.lines.find((l) => l.msg === "agent stopped") as unknown as {
      egress: { mqttMessages: number; mqttBytes: number; httpMessages: number; httpBytes: number };
    };
    const daemonMqtt = mqttWire.upstream(daemonStart);
    const packets = daemonMqtt.flatMap(splitMqttPackets);
    expect(stopped.egress.mqttBytes).toBe(sum(daemonMqtt.map((b) => b.length)));
    expect(stopped.egress.mqttMessages).toBe(packets.length);
    expect(stopped.egress.httpBytes).toBe(sum(httpWire.upstream(daemonStart).map((b) => b.length)));
    // The running agent speaks HTTP only to fetch a job's artifacts: all of it is inside the window.
    expect(egress.http.bytes).toBe(stopped.egress.httpBytes);
    // Enrolment, metered by the enroll command itself: its one POST, byte for byte as the wire saw it.
    const enrolWire = httpWire.connections.filter((c) => c.openedAt < daemonStart);
    expect(agent.egress).toEqual({
      requests: 1,
      bytes: sum(enrolWire.flatMap((c) => c.up.map((b) => b.length))),
    });
    // The agent's idle count is every packet before its window; the window is the next run of packets.
    const firstInWindow = packets.findIndex(
      (_, i) => sum(packets.slice(0, i).map((p) => p.bytes)) === egress.idle.bytes,
    );
    expect(firstInWindow).toBe(egress.idle.messages);
    const inWindow = packets.slice(firstInWindow, firstInWindow + egress.mqtt.messages);
    expect(sum(inWindow.map((p) => p.bytes))).toBe(egress.mqtt.bytes);
    expect(Math.max(...inWindow.map((p) => p.bytes))).toBeLessThanOrEqual(egress.largestMessageBytes);
    // The result message is outside the window: the hub sees its size as it arrives.
    const resultPacket = packets.find((p) => p.type === "publish" && p.topic?.endsWith("/results"));
    expect(packets.indexOf(resultPacket!)).toBeGreaterThanOrEqual(firstInWindow + egress.mqtt.messages);
    console.log(
      `locality: window ${egress.bytesOut} B in ${egress.messages} messages (mqtt ${egress.mqtt.bytes} B / ${egress.mqtt.messages}, http ${egress.http.bytes} B / ${egress.http.messages}), largest ${egress.largestMessageBytes} B; result message ${resultPacket!.bytes} B; idle before ${egress.idle.bytes} B / ${egress.idle.messages} in ${egress.idle.seconds} s; agent total ${stopped.egress.mqttBytes + stopped.egress.httpBytes} B; capture ${capture.length} B scanned`,
    );
    await hub.stop();
  });
});
