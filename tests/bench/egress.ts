// `npx tsx tests/bench/egress.ts`: the data-locality audit's figure (docs/data-locality.md). A real
// `edgeseg-hub serve` on 127.0.0.1 with standard-v1 imported, a real agent enrolled and running behind a
// TCP recorder, one campaign of every standard-v1 model on it. Prints, per model, what the agent's
// result reports as its job window's egress (bytes, messages, MQTT/HTTP split, largest message) and the
// result message's own size as the wire carried it, then the agent's idle traffic; one JSON line last.
// Writes only into a temp dir, removed at the end. Option: --models a,b (default: every model).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { handleFatal, resultDocumentSchema } from "@edgeseg/protocol";
import { splitMqttPackets } from "../locality/capture-scan.ts";
import { enrollAgentAsync, startAgentProcess } from "../support/agent-process.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { stopAll } from "../support/process.ts";
import { startTcpRecorder } from "../support/tcp-recorder.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { models: { type: "string" } } });
  const dir = tempDir("bench-egress");
  try {
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir, logLevel: "warn" });
    const wire = await startTcpRecorder(hub.mqttPort!);
    const suite = hubCli<{ models?: { modelId: string }[] }>(dataDir, ["suite", "import", "standard-v1"]);
    const models = values.models?.split(",") ??
      suite.models?.map((m) => m.modelId) ?? ["unet2d-small", "unet2d-base", "litemedsam-phantom"];
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create", "--expires", "1h"]);
    const agent = await enrollAgentAsync({ hubUrl: hub.httpUrl, token, dir: join(dir.path, "agent") });
    const config = JSON.parse(readFileSync(agent.configPath, "utf8")) as Record<string, unknown>;
    config.mqttUrl = `mqtt://127.0.0.1:${wire.port}`;
    config.telemetryIntervalS = 30;
    writeFileSync(agent.configPath, JSON.stringify(config), { mode: 0o600 });
    const running = await startAgentProcess(agent.configPath);
    const db = await openHubDb(dataDir);
    const { jobIds } = hubCli<{ jobIds: string[] }>(dataDir, [
      ...["campaign", "create", "--name", "egress", "--suite", "standard-v1"],
      ...["--models", models.join(","), "--devices", agent.deviceId],
    ]);
    const rows = [];
    for (const jobId of jobIds) {
      rows.push(
        await waitFor(() => db.prisma.result.findUnique({ where: { jobId } }), `the result of job ${jobId}`, {
          timeoutMs: 1_800_000,
          everyMs: 1000,
        }),
      );
    }
    await running.stop();
    await db.close();
    await hub.stop();
    await wire.close();
    const packets = wire.upstream().flatMap(splitMqttPackets);
    const resultPackets = packets.filter((p) => p.type === "publish" && p.topic?.endsWith("/results"));
    const out = rows
      .map((row) => resultDocumentSchema.parse(JSON.parse(row.document)))
      .sort((a, b) => (a.egress!.window.from < b.egress!.window.from ? -1 : 1))
      .map((doc, i) => {
        const e = doc.egress!;
        const windowS = (Date.parse(e.window.to) - Date.parse(e.window.from)) / 1000;
        return {
          model: doc.model.id,
          status: doc.status,
          bytesOut: e.bytesOut,
          messages: e.messages,
          mqtt: e.mqtt,
          http: e.http,
          largestMessageBytes: e.largestMessageBytes,
          windowS,
          resultMessageBytes: resultPackets[i]?.bytes ?? null,
          idleBefore: e.idle,
        };
      });
    console.log(
      "model                 | window s | bytes out | msgs | mqtt B / n   | http B / n | largest B | result msg B",
    );
    for (const r of out) {
      console.log(
        `${r.model.padEnd(21)} | ${r.windowS.toFixed(1).padStart(8)} | ${String(r.bytesOut).padStart(9)} | ${String(r.messages).padStart(4)} | ${`${r.mqtt.bytes} / ${r.mqtt.messages}`.padStart(12)} | ${`${r.http.bytes} / ${r.http.messages}`.padStart(10)} | ${String(r.largestMessageBytes).padStart(9)} | ${r.resultMessageBytes}`,
      );
    }
    const first = out[0]?.idleBefore;
    if (first)
      console.log(
        `idle before the first job: ${first.bytes} B in ${first.messages} messages over ${first.seconds.toFixed(1)} s (birth, state, telemetry, job ack)`,
      );
    // Idle per day at the default heartbeat: the telemetry PUBLISH as the wire carried it, every 30 s
    // A PINGREQ (2 bytes) at most once per 30 s keep-alive period would add at most 5.6 KiB a day.
    const telemetry = packets.filter((p) => p.type === "publish" && p.topic?.endsWith("/telemetry"));
    const telemetryBytes = Math.round(
      telemetry.reduce((a, p) => a + p.bytes, 0) / Math.max(1, telemetry.length),
    );
    const idlePerDay = telemetryBytes * (86_400 / 30);
    console.log(
      `telemetry message: ${telemetryBytes} B on average (${telemetry.length} seen) → ${(idlePerDay / 1024).toFixed(0)} KiB per day idle at telemetryIntervalS 30`,
    );
    console.log(
      JSON.stringify({ bench: "egress", suite: "standard-v1", results: out, telemetryBytes, idlePerDay }),
    );
  } finally {
    await stopAll();
    dir.remove();
  }
}

main().catch((error) => handleFatal("bench:egress", error));
