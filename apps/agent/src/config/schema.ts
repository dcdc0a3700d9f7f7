import { isAbsolute } from "node:path";
import { deviceIdSchema } from "@edgeseg/protocol";
import { z } from "zod";

const urlWithScheme = (schemes: string[], example: string) =>
  z
    .string()
    .min(1)
    .max(500)
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      `expected a ${schemes.map((s) => s.replace(":", "://")).join(" or ")} URL such as ${example}`,
    );

const absolutePath = z.string().min(1).refine(isAbsolute, "expected an absolute path");

/**
 * The agent's configuration file (JSON, mode 0600): who the device is, where the hub is, where the
 * agent keeps its state. Written by `edgeseg-agent enroll`, read by `edgeseg-agent run`.
 */
export const agentConfigSchema = z
  .object({
    deviceId: deviceIdSchema,
    /** The device secret the hub issued at enrolment (the MQTT password and the HTTP Basic password). */
    secret: z.string().min(16, "expected the secret the hub issued at enrolment").max(200),
    mqttUrl: urlWithScheme(["mqtt:", "mqtts:", "tcp:", "ssl:", "ws:", "wss:"], "mqtt://hub.local:1883"),
    /** HTTP base URL the artifacts are fetched from (job artifact paths are relative to it). */
    hubUrl: urlWithScheme(["http:", "https:"], "http://hub.local:8080"),
    /** Where the spool, the job state, the artifact cache and the generated datasets live. */
    dataDir: absolutePath,
    telemetryIntervalS: z.number().int().min(1).max(3600).default(30),
    spoolMaxMb: z.number().positive().max(1_000_000).default(64),
    /**
     * How long a result stays in the spool after the broker's PUBACK, waiting for the hub's storage
     * receipt, before it is published again; the wait doubles with each copy up to resultReceiptWaitMaxS
     * (a cap below the first wait is read as the first wait).
     */
    resultReceiptWaitS: z.number().int().min(1).max(86_400).default(120),
    resultReceiptWaitMaxS: z.number().int().min(1).max(86_400).default(3600),
    /** Local datasets by id (e.g. a clinic's own labelled scans): they never leave the device. */
    datasets: z.record(z.string().min(1).max(200), absolutePath).default({}),
    /** On SIGTERM, how long a running benchmark may take to finish before it is killed. */
    shutdownGraceS: z.number().int().min(0).max(3600).default(10),
    /** A human name given at enrolment, e.g. the clinic room. */
    name: z.string().min(1).max(100).optional(),
    /** The hub CA pinned at enrolment (sha256 of its DER): MQTT over TLS and HTTPS trust it alone. */
    caFingerprint: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, "expected sha256: and 64 lowercase hex digits")
      .optional(),
    /** That CA's certificate (PEM), as the hub presented it at enrolment. */
    caCert: z.string().min(1).max(20_000).optional(),
    /** The device's Ed25519 private key (PKCS#8 PEM, mode 0600) that signs its results. */
    signingKeyFile: absolutePath.optional(),
  })
  .strict();

export type AgentConfig = z.infer<typeof agentConfigSchema>;
/** A config as written: defaults may be left out. */
export type AgentConfigInput = z.input<typeof agentConfigSchema>;
