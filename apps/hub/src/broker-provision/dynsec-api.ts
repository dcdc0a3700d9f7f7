import { randomUUID } from "node:crypto";
import { AppError, MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { firstConnect } from "../service/client.ts";

/** Mosquitto 2's dynamic security plugin: commands go to this topic, answers come on `…/response`. */
export const DYNSEC_TOPIC = "$CONTROL/dynamic-security/v1";
const RESPONSE_TOPIC = `${DYNSEC_TOPIC}/response`;

export type DynsecCommand = { command: string } & Record<string, unknown>;
export interface DynsecResponse {
  command: string;
  error?: string;
  data?: Record<string, unknown>;
}

export interface DynsecApi {
  /** Sends the commands in one message (Mosquitto runs them in order) and returns one answer per command. */
  run(commands: DynsecCommand[]): Promise<DynsecResponse[]>;
  /** Like run, but an answer with an error (other than the ones in `tolerate`) rejects. */
  must(commands: DynsecCommand[], tolerate?: readonly string[]): Promise<DynsecResponse[]>;
  close(): Promise<void>;
}

/**
 * The hub's admin connection to Mosquitto's dynamic security API. Every command carries its own
 * correlationData, which the plugin echoes in its answer, so answers are matched whatever their order.
 * The connection holds device passwords only in the commands it sends (Mosquitto hashes them with
 * PBKDF2-SHA512 and a salt of its own); nothing here logs a command's body.
 */
export async function connectDynsec(opts: {
  url: string;
  shown: string;
  username: string;
  password: string;
  clientId: string;
  timeoutMs?: number;
}): Promise<DynsecApi> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const client: MqttClient = mqtt.connect(opts.url, {
    protocolVersion: MQTT_PROTOCOL_LEVEL,
    clientId: opts.clientId,
    username: opts.username,
    password: opts.password,
    clean: true,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    resubscribe: true,
  });
  const pending = new Map<string, (r: DynsecResponse) => void>();
  client.on("message", (topic, payload) => {
    if (topic !== RESPONSE_TOPIC) return;
    let parsed: { responses?: (DynsecResponse & { correlationData?: string })[] };
    try {
      parsed = JSON.parse(payload.toString("utf8"));
    } catch {
      return;
    }
    for (const r of parsed.responses ?? []) {
      const done = r.correlationData ? pending.get(r.correlationData) : undefined;
      if (!done || !r.correlationData) continue;
      pending.delete(r.correlationData);
      done(r);
    }
  });
  await firstConnect(client, `${opts.shown} (--broker-admin-user)`);
  const [grant] = await client.subscribeAsync(RESPONSE_TOPIC, { qos: 1 });
  if (!grant || grant.qos === 128) {
    client.end(true);
    throw new AppError(
      "RUNTIME",
      `the broker at ${opts.shown} refused ${RESPONSE_TOPIC} to --broker-admin-user "${opts.username}": give it the dynamic security admin role (mosquitto_ctrl dynsec init makes one)`,
    );
  }

  async function run(commands: DynsecCommand[]): Promise<DynsecResponse[]> {
    if (commands.length === 0) return [];
    // mqtt.js would queue the message while offline and send it on reconnect, after its caller gave
    // up: a command is sent now or not at all.
    if (!client.connected) {
      throw new AppError("RUNTIME", `the admin connection to the broker at ${opts.shown} is down`);
    }
    const ids = commands.map(() => randomUUID());
    const answers = ids.map(
      (id) =>
        new Promise<DynsecResponse>((resolve, reject) => {
          const timer = setTimeout(() => {
            pending.delete(id);
            reject(
              new AppError(
                "RUNTIME",
                `the broker's dynamic security plugin did not answer within ${timeoutMs} ms: is mosquitto_dynamic_security loaded (plugin line in mosquitto.conf)?`,
              ),
            );
          }, timeoutMs);
          pending.set(id, (r) => {
            clearTimeout(timer);
            resolve(r);
          });
        }),
    );
    const body = { commands: commands.map((c, i) => ({ ...c, correlationData: ids[i] })) };
    await client.publishAsync(DYNSEC_TOPIC, JSON.stringify(body), { qos: 1 });
    return Promise.all(answers);
  }

  return {
    run,
    async must(commands, tolerate = []) {
      const answers = await run(commands);
      answers.forEach((a, i) => {
        if (a.error && !tolerate.includes(a.error)) {
          const c = commands[i]!;
          const who = c.username ?? c.rolename ?? "";
          throw new AppError("RUNTIME", `dynamic security ${c.command} ${who}: ${a.error}`);
        }
      });
      return answers;
    },
    async close() {
      for (const [id] of pending) pending.delete(id);
      await client.endAsync();
    },
  };
}
