import { join } from "node:path";
import {
  decodeMessage,
  type MessageKind,
  newEnvelope,
  parseTopic,
  preparePublish,
  topicFor,
} from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { type AgentConfig, loadConfig } from "../config/index.ts";
import { AGENT_VERSION } from "../version.ts";
import type { BackoffPolicy } from "./backoff.ts";
import { birthMessage, type Capabilities, detectCapabilities } from "./birth.ts";
import { type Connection, startConnection } from "./connection.ts";
import type { DaemonContext } from "./context.ts";
import { createJobIntake } from "./job-intake.ts";
import { createJobRunner, type JobRunner } from "./job-runner.ts";
import { openJobStore } from "./job-store.ts";
import { publishAsync } from "./mqtt-publish.ts";
import { createPublisher } from "./publisher.ts";
import { createSpool } from "./spool.ts";
import { createTelemetrySampler } from "./telemetry.ts";

export interface AgentDaemonOptions {
  config: AgentConfig;
  /** Where the config came from: refresh-config re-reads it. */
  configPath?: string;
  logger: Logger;
  now?: () => Date;
  backoff?: BackoffPolicy;
  /** How long close() waits for the final state message and the spool flush. */
  flushTimeoutMs?: number;
}

export interface AgentDaemon {
  start(): Promise<void>;
  /** Stops taking jobs, lets a run finish or kills it, publishes offline, flushes the spool, disconnects. */
  close(): Promise<void>;
}

/** `edgeseg-agent run`: the long-lived agent that takes jobs from the hub and reports results. */
export function createAgentDaemon(opts: AgentDaemonOptions): AgentDaemon {
  const now = opts.now ?? (() => new Date());
  const config = { ...opts.config };
  const logger = opts.logger.child({ deviceId: config.deviceId });
  let connection: Connection | null = null;
  let runner: JobRunner | null = null;
  let telemetryTimer: NodeJS.Timeout | undefined;
  let ctx: DaemonContext | null = null;
  const client = () => connection?.current()?.client ?? null;

  async function sendNow<K extends MessageKind>(kind: K, message: Parameters<DaemonContext["sendNow"]>[1]) {
    const c = client();
    const out = preparePublish(kind, message as never);
    if (!c?.connected) {
      logger.debug({ kind }, "not connected: message dropped");
      return;
    }
    await publishAsync(c, out.topic, out.payload, { qos: out.qos, retain: out.retain }).catch((e) =>
      logger.debug({ kind, err: (e as Error).message }, "publish failed"),
    );
  }

  return {
    async start() {
      const { describeDevice } = await import("@edgeseg/bench");
      const spool = await createSpool(join(config.dataDir, "spool"), {
        maxBytes: config.spoolMaxMb * 2 ** 20,
        logger,
      });
      const store = await openJobStore(join(config.dataDir, "jobs"), logger);
      const publisher = createPublisher(spool, client, logger);
      const device = (await describeDevice()).info;
      const capabilities: Capabilities = await detectCapabilities();
      const c: DaemonContext = {
        config,
        logger,
        agentVersion: AGENT_VERSION,
        now,
        store,
        spool,
        publisher,
        sendNow: (kind, message) => sendNow(kind, message as never),
        async sendReliably(kind, message, id) {
          const out = preparePublish(kind, message);
          await spool.put(kind, out.topic, out.payload, id);
          void publisher.drain();
        },
      };
      ctx = c;
      const jobRunner = createJobRunner(c);
      runner = jobRunner;
      const intake = createJobIntake(c, () => jobRunner.kick());
      const sample = createTelemetrySampler(config.deviceId);
      const sendTelemetry = async () =>
        sendNow(
          "telemetry",
          await sample({
            intervalMs: config.telemetryIntervalS * 1000,
            spoolDepth: spool.list().filter((e) => e.kind === "results").length,
            currentJobId: jobRunner.currentJobId(),
          }),
        );
      const scheduleTelemetry = () => {
        clearInterval(telemetryTimer);
        telemetryTimer = setInterval(() => void sendTelemetry(), config.telemetryIntervalS * 1000);
      };

      const onMessage = (topic: string, payload: Buffer) => {
        const parsed = parseTopic(topic);
        if (
          !parsed ||
          parsed.deviceId !== config.deviceId ||
          (parsed.kind !== "jobs" && parsed.kind !== "commands")
        ) {
          logger.warn({ topic }, "message on an unexpected topic dropped");
          return;
        }
        const decoded = decodeMessage(parsed.kind, payload, config.deviceId);
        if (!decoded.ok) {
          logger.warn(
            { topic, err: decoded.error },
            `invalid ${parsed.kind} message dropped: ${decoded.error}`,
          );
          void sendNow("events", {
            ...newEnvelope(config.deviceId, now()),
            code: "INPUT",
            message: `the agent dropped an invalid ${parsed.kind} message: ${decoded.error}`.slice(0, 2000),
          });
          return;
        }
        const m = decoded.message;
        if ("jobId" in m && "model" in m) void intake(m);
        else if ("command" in m) {
          logger.info({ command: m.command }, `command ${m.command}`);
          if (m.command === "ping") void sendTelemetry();
          else if (m.command === "cancel-job") void jobRunner.cancel(m.args.jobId, m.args.attempt);
          else void refreshConfig(birthFor);
        }
      };

      let birthFor: ((connectionId: string) => Promise<void>) | null = null;
      async function refreshConfig(publishBirth: typeof birthFor) {
        if (!opts.configPath) return;
        try {
          const fresh = await loadConfig(opts.configPath);
          config.datasets = fresh.datasets;
          config.telemetryIntervalS = fresh.telemetryIntervalS;
          config.shutdownGraceS = fresh.shutdownGraceS;
          scheduleTelemetry();
          logger.info(
            "configuration re-read (credentials, URLs, dataDir and spool size apply after a restart)",
          );
          const live = connection?.current();
          if (live && publishBirth) await publishBirth(live.connectionId);
        } catch (error) {
          logger.error(
            { err: (error as Error).message },
            `refresh-config failed: ${(error as Error).message}`,
          );
        }
      }

      async function onConnect(mqttClient: MqttClient, connectionId: string) {
        const send = async <K extends MessageKind>(
          kind: K,
          message: Parameters<typeof preparePublish<K>>[1],
        ) => {
          const out = preparePublish(kind, message);
          await publishAsync(mqttClient, out.topic, out.payload, { qos: out.qos, retain: out.retain });
        };
        birthFor = (id) =>
          send("birth", birthMessage(config.deviceId, id, AGENT_VERSION, device, capabilities));
        const granted = await mqttClient.subscribeAsync({
          [topicFor(config.deviceId, "jobs")]: { qos: 1 },
          [topicFor(config.deviceId, "commands")]: { qos: 1 },
        });
        // SUBACK return code 0x80 is a refusal [MQTT-3.9.3]: this device would never see a job.
        const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
        if (refused.length > 0) {
          logger.error(
            { refused },
            `the broker refused the subscription to ${refused.join(", ")}: check its ACL`,
          );
        }
        await birthFor(connectionId);
        await send("state", {
          ...newEnvelope(config.deviceId, now()),
          connectionId,
          status: "online",
          reason: "connected",
        });
        // Session order (docs/protocol.md): birth, state, spool drain, then telemetry.
        void publisher.drain();
        await sendTelemetry();
      }

      connection = startConnection({
        mqttUrl: config.mqttUrl,
        deviceId: config.deviceId,
        secret: config.secret,
        logger,
        ...(opts.backoff ? { backoff: opts.backoff } : {}),
        onConnect,
        onDisconnect: () => undefined,
        onMessage,
      });
      scheduleTelemetry();
      // Jobs accepted before a restart (or a crash) continue now.
      jobRunner.kick();
    },

    async close() {
      clearInterval(telemetryTimer);
      if (runner && ctx) await runner.stop(ctx.config.shutdownGraceS * 1000);
      const flushMs = opts.flushTimeoutMs ?? 10_000;
      await connection?.close(async (mqttClient, connectionId) => {
        const within = <T>(p: Promise<T>) =>
          Promise.race([p, new Promise<void>((r) => setTimeout(r, flushMs).unref())]);
        if (ctx) await within(ctx.publisher.drain());
        // A DISCONNECT discards the Last Will [MQTT-3.14.4-3], so say offline explicitly first.
        const out = preparePublish("state", {
          ...newEnvelope(config.deviceId, now()),
          connectionId,
          status: "offline",
          reason: "shutdown",
        });
        await within(publishAsync(mqttClient, out.topic, out.payload, { qos: out.qos, retain: out.retain }));
      });
      logger.info("agent stopped");
    },
  };
}
