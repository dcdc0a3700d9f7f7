import { normalizeCaFingerprint } from "@edgeseg/protocol/crypto";
import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { printJson } from "../../cli/output.ts";
import { resolveConfigPath } from "../../config/index.ts";
import { type EnrollOutcome, enrollDevice } from "./enroll-device.ts";

const httpUrl = z
  .string()
  .refine(
    (v) => /^https?:\/\/[^/]/.test(v),
    "expected the hub's http:// or https:// URL, e.g. https://hub.local:8080",
  );

const fingerprint = z.string().transform((v, ctx) => {
  const normal = normalizeCaFingerprint(v);
  if (normal === null) {
    ctx.addIssue({
      code: "custom",
      message: "expected sha256: and 64 hex digits, as edgeseg-hub tls fingerprint prints it",
    });
    return z.NEVER;
  }
  return normal;
});

const optionsSchema = z.object({
  hub: httpUrl,
  token: z
    .string()
    .min(16, "expected the enrolment token an admin created (edgeseg-hub token create)")
    .max(200),
  config: z.string().min(1).optional(),
  name: z.string().min(1).max(100).optional(),
  caFingerprint: fingerprint.optional(),
  json: z.boolean().default(false),
});

/** `edgeseg-agent enroll --hub <url> --token <t>`: this device gets its identity from the hub. */
export async function enrollCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const outcome = await enrollDevice({
    hubUrl: opts.hub,
    token: opts.token,
    configPath: resolveConfigPath(opts.config),
    ...(opts.name ? { name: opts.name } : {}),
    ...(opts.caFingerprint ? { caFingerprint: opts.caFingerprint } : {}),
  });
  if (opts.json) printJson(outcome);
  else process.stdout.write(describeOutcome(outcome));
}

export function describeOutcome(o: EnrollOutcome): string {
  const lines = [
    `enrolled as ${o.deviceId}`,
    `config written to ${o.configPath} (mode 0600; it holds the device secret)`,
    `data directory ${o.dataDir}, broker ${o.mqttUrl}`,
    `results are signed with key ${o.signingKeyId} (private key ${o.signingKeyFile}, mode 0600)`,
    ...(o.caFingerprint ? [`hub CA pinned: ${o.caFingerprint}`] : []),
  ];
  if (o.status === "pending") {
    lines.push(
      "PENDING: an admin must approve this device in the dashboard before the broker lets it connect;",
      "  the agent can be started now and will keep retrying until then.",
    );
  }
  lines.push(
    "next:",
    `  edgeseg-agent run --config ${o.configPath}`,
    `  or run it as a service: sudo edgeseg-agent install-service --config ${o.configPath}`,
  );
  return `${lines.join("\n")}\n`;
}
