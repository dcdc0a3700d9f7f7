import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cliActor } from "@edgeseg/db";
import { AppError, encodeMessage, MQTT_PROTOCOL_LEVEL, newEnvelope, topicFor } from "@edgeseg/protocol";
import mqtt from "mqtt";
import { z } from "zod";
import { SERVICE_CLIENT_ID_PREFIX, SERVICE_USERNAME } from "../broker/identity.ts";
import { dataDirFrom, withDb } from "../cli/open-db.ts";
import { dataDirLayout } from "../config/data-dir.ts";
import { configSources } from "../config/schema.ts";
import { readBundleManifest } from "../http/agent-bundles.ts";

const optionsSchema = z.object({
  dataDir: z.string().optional(),
  agentBundles: z.string().min(1).optional(),
  mqttUrl: z
    .string()
    .regex(/^mqtts?:\/\/[^/\s]+/, "expected the hub's broker URL, e.g. mqtt://127.0.0.1:1883")
    .optional(),
  timeout: z.coerce
    .number({ error: "--timeout must be a number of seconds" })
    .int("--timeout must be whole seconds")
    .min(10, "--timeout must be at least 10 s")
    .max(3600, "--timeout must be at most 3600 s")
    .default(120),
  json: z.boolean().default(false),
});

/**
 * `edgeseg-hub device update <id>`: tells an agent to update itself to the bundles this hub serves
 * (the `update-agent` command, QoS 1 on the device's command topic; the broker keeps it for an offline
 * device). Connects to the running hub's broker with the service credential from the data directory.
 */
export async function deviceUpdateCommand(deviceId: string, raw: unknown): Promise<void> {
  const parsed = optionsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new AppError("USAGE", `device update: ${issue.message} (see --help)`);
  }
  const opts = parsed.data;
  const dataDir = dataDirFrom(opts.dataDir);
  const layout = dataDirLayout(dataDir);
  const bundlesDir =
    opts.agentBundles ?? process.env[configSources.agentBundles.env] ?? join(dataDir, "agent-bundles");
  const manifest = await readBundleManifest(bundlesDir);
  const device = await withDb(dataDir, (db) =>
    db.prisma.device.findUnique({ where: { id: deviceId }, select: { status: true, agentVersion: true } }),
  );
  if (!device) throw new AppError("NOT_FOUND", `no device ${deviceId}; see edgeseg-hub device list`);
  if (device.status !== "active")
    throw new AppError("INPUT", `device ${deviceId} is ${device.status}; approve it first`);
  if (!existsSync(layout.serviceSecretPath))
    throw new AppError(
      "INPUT",
      `${layout.serviceSecretPath} is missing: start the hub with this --data-dir first`,
    );
  const secret = readFileSync(layout.serviceSecretPath, "utf8").trim();
  const port = process.env[configSources.mqttPort.env] ?? "1883";
  const url = opts.mqttUrl ?? `mqtt://127.0.0.1:${port}`;
  const ca = join(dataDir, "tls", "ca.pem");
  const payload = encodeMessage("commands", {
    ...newEnvelope(deviceId),
    command: "update-agent",
    args: {
      version: manifest.version,
      bundles: manifest.bundles.map((b) => ({ platform: b.platform, file: b.tarball, sha256: b.sha256 })),
      timeoutS: opts.timeout,
    },
  });
  const client = await mqtt
    .connectAsync(url, {
      protocolVersion: MQTT_PROTOCOL_LEVEL,
      clientId: `${SERVICE_CLIENT_ID_PREFIX}-cli-${randomBytes(6).toString("hex")}`,
      username: SERVICE_USERNAME,
      password: secret,
      clean: true,
      reconnectPeriod: 0,
      connectTimeout: 10_000,
      ...(url.startsWith("mqtts:") && existsSync(ca) ? { ca: readFileSync(ca) } : {}),
    })
    .catch((error: Error) => {
      throw new AppError(
        "RUNTIME",
        `cannot reach the hub's broker at ${url} (${error.message}); is the hub running? give --mqtt-url`,
      );
    });
  try {
    // [MQTT-4.3.2-1] QoS 1: the broker acknowledges once it holds the message for the device's session.
    await client.publishAsync(topicFor(deviceId, "commands"), payload, { qos: 1 });
  } finally {
    await client.endAsync();
  }
  const actor = cliActor();
  const summary = {
    deviceId,
    from: device.agentVersion,
    to: manifest.version,
    platforms: manifest.bundles.map((b) => b.platform),
    timeoutS: opts.timeout,
    sentBy: actor.label ?? null,
  };
  if (opts.json) {
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return;
  }
  process.stdout.write(
    `update to ${manifest.version} sent to ${deviceId} (now ${device.agentVersion ?? "unknown"}): it installs the bundle, restarts into it, and switches back if the new version is not online within ${opts.timeout} s\n`,
  );
}
