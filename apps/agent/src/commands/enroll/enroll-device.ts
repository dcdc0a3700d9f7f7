import { mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describeDevice } from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import { generateSigningKeyPair, signingKeyId } from "@edgeseg/protocol/crypto";
import { type AgentConfig, agentConfigSchema, defaultDataDir, saveConfig } from "../../config/index.ts";
import { signingKeyPath } from "../../config/signing-key.ts";
import { writeDurable } from "../../daemon/fs-durable.ts";
import { createEgressMeter } from "../../net/egress.ts";
import { fetchPinnedCa, type PinnedCa } from "../../net/pinned-ca.ts";
import { AGENT_VERSION } from "../../version.ts";
import { hardwareFingerprint, readMachineId } from "./fingerprint.ts";
import { postEnroll } from "./post-enroll.ts";

export interface EnrollInput {
  hubUrl: string;
  token: string;
  configPath: string;
  name?: string;
  /** The hub CA's fingerprint (sha256:<hex>), pinned for this and every later connection. */
  caFingerprint?: string;
  /** Root to read /proc, /sys and /etc from (tests use recorded board trees). */
  deviceRoot?: string;
}

export interface EnrollOutcome {
  deviceId: string;
  status: "active" | "pending";
  mqttUrl: string;
  hubUrl: string;
  configPath: string;
  dataDir: string;
  /** The pinned CA, when the hub was reached over TLS. */
  caFingerprint: string | null;
  /** Where the private signing key was written (mode 0600), and its id as the hub stored it. */
  signingKeyFile: string;
  signingKeyId: string;
  /** What the enrolment sent the hub over HTTP (docs/data-locality.md): requests and bytes. */
  egress: { requests: number; bytes: number };
}

/**
 * Exchanges an enrolment token for this device's id and secret and writes them to the agent config
 * (mode 0600). A config that already exists keeps its local settings (dataDir, datasets, intervals):
 * re-enrolling replaces the identity, not the field engineer's set-up.
 *
 * Over https the hub must present the CA the field engineer was given the fingerprint of, before the
 * token leaves the device (no trust on first use). A fresh Ed25519 key pair is made here on the
 * device: the public half goes to the hub with the token, the private half is written next to the
 * config (mode 0600) and signs every result from then on.
 */
export async function enrollDevice(input: EnrollInput): Promise<EnrollOutcome> {
  const hub = new URL(input.hubUrl);
  let pin: PinnedCa | undefined;
  if (hub.protocol === "https:") {
    if (!input.caFingerprint) {
      throw new AppError(
        "USAGE",
        `--ca-fingerprint is required for ${hub.origin}: without it this device could hand its token to whoever answers there; get it with edgeseg-hub tls fingerprint on the hub`,
      );
    }
    pin = await fetchPinnedCa(hub, input.caFingerprint);
  } else if (input.caFingerprint) {
    throw new AppError(
      "USAGE",
      `--ca-fingerprint pins TLS, but ${hub.origin} is plain http: use the hub's https:// URL`,
    );
  }
  const { info } = await describeDevice(input.deviceRoot ? { root: input.deviceRoot } : {});
  const fingerprint = hardwareFingerprint(info, readMachineId(input.deviceRoot));
  const keys = generateSigningKeyPair();
  const meter = createEgressMeter();
  const response = await postEnroll(
    input.hubUrl,
    {
      token: input.token,
      fingerprint,
      device: info,
      agentVersion: AGENT_VERSION,
      signingKey: keys.publicKey,
      ...(input.name ? { name: input.name } : {}),
    },
    pin,
    meter,
  );
  if (pin && response.caFingerprint !== undefined && response.caFingerprint !== pin.caFingerprint) {
    throw new AppError(
      "INTEGRITY",
      `the hub says its CA is ${response.caFingerprint}, but this device pinned ${pin.caFingerprint}; check the hub's --tls-ca and enrol again with a new token`,
    );
  }
  const keyFile = signingKeyPath(input.configPath);
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  await writeDurable(keyFile, keys.privateKeyPem, 0o600);
  const previous = await readPrevious(input.configPath);
  const config = {
    dataDir: defaultDataDir(),
    ...previous,
    deviceId: response.deviceId,
    secret: response.secret,
    mqttUrl: response.mqttUrl,
    hubUrl: response.hubUrl,
    ...(input.name ? { name: input.name } : {}),
    ...(pin ? { caFingerprint: pin.caFingerprint, caCert: pin.caCert } : {}),
    signingKeyFile: keyFile,
  };
  const checked = agentConfigSchema.safeParse(config);
  if (!checked.success) {
    const issue = checked.error.issues[0]!;
    throw new AppError(
      "RUNTIME",
      `the hub enrolled this device as ${response.deviceId} but its answer cannot be used: ${issue.path.join(".")}: ${issue.message}; fix the hub's configured URLs and enrol again`,
    );
  }
  const saved = await saveConfig(input.configPath, checked.data);
  return {
    deviceId: saved.deviceId,
    status: response.status,
    mqttUrl: saved.mqttUrl,
    hubUrl: saved.hubUrl,
    configPath: input.configPath,
    dataDir: saved.dataDir,
    caFingerprint: pin?.caFingerprint ?? null,
    signingKeyFile: keyFile,
    signingKeyId: signingKeyId(keys.publicKey),
    egress: { requests: meter.totals().httpMessages, bytes: meter.totals().httpBytes },
  };
}

/** The local part of an existing config, if one is readable; its identity is replaced. */
async function readPrevious(path: string): Promise<Partial<AgentConfig>> {
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    const {
      deviceId: _d,
      secret: _s,
      mqttUrl: _m,
      hubUrl: _h,
      caFingerprint: _f,
      caCert: _c,
      signingKeyFile: _k,
      ...local
    } = raw;
    const parsed = agentConfigSchema
      .pick({
        dataDir: true,
        telemetryIntervalS: true,
        spoolMaxMb: true,
        resultReceiptWaitS: true,
        resultReceiptWaitMaxS: true,
        datasets: true,
        shutdownGraceS: true,
        name: true,
      })
      .partial()
      .safeParse(local);
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
