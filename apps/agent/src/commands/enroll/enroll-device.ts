import { readFile } from "node:fs/promises";
import { describeDevice } from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import { type AgentConfig, agentConfigSchema, defaultDataDir, saveConfig } from "../../config/index.ts";
import { AGENT_VERSION } from "../../version.ts";
import { hardwareFingerprint, readMachineId } from "./fingerprint.ts";
import { postEnroll } from "./post-enroll.ts";

export interface EnrollInput {
  hubUrl: string;
  token: string;
  configPath: string;
  name?: string;
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
}

/**
 * Exchanges an enrolment token for this device's id and secret and writes them to the agent config
 * (mode 0600). A config that already exists keeps its local settings (dataDir, datasets, intervals):
 * re-enrolling replaces the identity, not the field engineer's set-up.
 */
export async function enrollDevice(input: EnrollInput): Promise<EnrollOutcome> {
  const { info } = await describeDevice(input.deviceRoot ? { root: input.deviceRoot } : {});
  const fingerprint = hardwareFingerprint(info, readMachineId(input.deviceRoot));
  const response = await postEnroll(input.hubUrl, {
    token: input.token,
    fingerprint,
    device: info,
    agentVersion: AGENT_VERSION,
    ...(input.name ? { name: input.name } : {}),
  });
  const previous = await readPrevious(input.configPath);
  const config = {
    dataDir: defaultDataDir(),
    ...previous,
    deviceId: response.deviceId,
    secret: response.secret,
    mqttUrl: response.mqttUrl,
    hubUrl: response.hubUrl,
    ...(input.name ? { name: input.name } : {}),
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
  };
}

/** The local part of an existing config, if one is readable; its identity is replaced. */
async function readPrevious(path: string): Promise<Partial<AgentConfig>> {
  try {
    const raw = JSON.parse(await readFile(path, "utf8")) as Record<string, unknown>;
    const { deviceId: _d, secret: _s, mqttUrl: _m, hubUrl: _h, ...local } = raw;
    const parsed = agentConfigSchema
      .pick({
        dataDir: true,
        telemetryIntervalS: true,
        spoolMaxMb: true,
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
