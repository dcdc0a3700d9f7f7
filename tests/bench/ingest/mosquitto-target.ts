import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { MQTT_PROTOCOL_LEVEL, topics } from "@edgeseg/protocol";
import mqtt from "mqtt";
import { type Mosquitto, startMosquitto } from "../../support/mosquitto.ts";
import { type Arrivals, arrivals } from "./arrivals.ts";
import { cpuSeconds } from "./cpu.ts";
import type { SimDevice } from "./devices.ts";
import { figures, type PhaseFigures } from "./figures.ts";
import type { LoadRun } from "./load.ts";
import { messageIdOf } from "./payloads.ts";

/**
 * The same load relayed by Debian's Mosquitto with no ingest: the same device credentials and ACL
 * (password file, acl_file with the protocol's patterns), and one subscriber — the hub's account —
 * counting what arrives. Queues are unbounded so the count is the relay's, not a drop policy's.
 */
export async function mosquittoTarget(dir: string, devices: SimDevice[]) {
  const hubPassword = randomBytes(24).toString("base64url");
  const users = Object.fromEntries([...devices.map((d) => [d.id, d.secret]), ["edgeseg-hub", hubPassword]]);
  const broker: Mosquitto = await startMosquitto({
    dir: join(dir, "mosquitto"),
    users,
    verbose: false,
    extra: [
      "use_username_as_clientid true",
      "max_queued_messages 0",
      "max_inflight_messages 0",
      "persistence false",
    ],
  });
  const subscriber = await mqtt.connectAsync(broker.url, {
    protocolVersion: MQTT_PROTOCOL_LEVEL,
    clientId: "edgeseg-hub",
    username: "edgeseg-hub",
    password: hubPassword,
    clean: true,
    reconnectPeriod: 0,
  });
  await subscriber.subscribeAsync({
    [topics.allDevices("results")]: { qos: 1 },
    [topics.allDevices("telemetry")]: { qos: 1 },
  });
  let book: Arrivals = arrivals();
  let telemetry = 0;
  let lastTelemetry = 0;
  subscriber.on("message", (topic, payload) => {
    if (topic.endsWith("/telemetry")) {
      telemetry++;
      lastTelemetry = Date.now();
      return;
    }
    const id = messageIdOf(payload);
    if (id) book.arrived(id);
  });

  /** Until every result has arrived and telemetry has stopped coming, at most 60 s. */
  async function drain(run: LoadRun) {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const quiet = Date.now() - lastTelemetry > 1000;
      if (book.outstanding() === 0 && (telemetry >= run.telemetry || quiet)) return;
      await sleep(50);
    }
  }

  return {
    url: broker.url,
    async measure(
      phase: PhaseFigures["phase"],
      load: (book: Arrivals) => Promise<LoadRun>,
    ): Promise<PhaseFigures> {
      book = arrivals();
      const cpu0 = cpuSeconds([broker.pid]);
      telemetry = 0;
      const run = await load(book);
      await drain(run);
      const cpu = cpuSeconds([broker.pid]) - cpu0;
      return figures("mosquitto", phase, run, book, { results: book.count(), telemetry }, 0, cpu);
    },
    async close() {
      await subscriber.endAsync(true);
      await broker.stop();
    },
  };
}
