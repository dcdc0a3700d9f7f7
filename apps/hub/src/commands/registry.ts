import { cliActor } from "@edgeseg/db";
import { AppError, type ScenarioOverrides } from "@edgeseg/protocol";
import { cancelCampaign, createCampaign, importModel } from "@edgeseg/registry";
import { importSuite } from "@edgeseg/registry/suites";
import { dataDirFrom, withDb } from "../cli/open-db.ts";
import { dataDirLayout } from "../config/data-dir.ts";
import { parseDuration } from "../devices/tokens.ts";

const artifactsDir = (flag?: string) => dataDirLayout(dataDirFrom(flag)).artifactsDir;
const list = (value?: string) =>
  value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
const print = (json: boolean | undefined, value: unknown, text: string) =>
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);

export async function suiteImportCommand(suite: string, opts: { dataDir?: string; json?: boolean }) {
  const imported = await withDb(opts.dataDir, (db) =>
    importSuite(db, artifactsDir(opts.dataDir), suite, { actor: cliActor() }),
  );
  const models = imported.models.map((m) => `${m.modelId}@${m.version}`).join(", ");
  print(
    opts.json,
    imported,
    `suite ${imported.suiteId}@${imported.version} (${imported.sha256}) with ${models}`,
  );
}

export async function modelImportCommand(manifest: string, opts: { dataDir?: string; json?: boolean }) {
  const imported = await withDb(opts.dataDir, (db) =>
    importModel(db, artifactsDir(opts.dataDir), manifest, { actor: cliActor() }),
  );
  print(
    opts.json,
    imported,
    `model ${imported.modelId}@${imported.version} (${imported.artifacts.length} files)`,
  );
}

export interface CampaignFlags {
  dataDir?: string;
  name: string;
  suite: string;
  models: string;
  devices?: string;
  classes?: string;
  tags?: string;
  maxAttempts?: string;
  timeout?: string;
  /** Scenario overrides as JSON (validated with the campaign by the registry). */
  overrides?: string;
  json?: boolean;
}

export async function campaignCreateCommand(opts: CampaignFlags) {
  const created = await withDb(opts.dataDir, (db) =>
    createCampaign(
      db,
      {
        name: opts.name,
        suiteId: opts.suite,
        modelIds: list(opts.models) ?? [],
        target: { deviceIds: list(opts.devices), deviceClassIds: list(opts.classes), tags: list(opts.tags) },
        ...(opts.maxAttempts ? { maxAttempts: Number(opts.maxAttempts) } : {}),
        ...(opts.timeout ? { timeoutMs: parseDuration(opts.timeout, "--timeout") } : {}),
        ...(opts.overrides ? { scenarioOverrides: parseOverrides(opts.overrides) } : {}),
      },
      { actor: cliActor() },
    ),
  );
  print(opts.json, created, `campaign ${created.campaignId}: ${created.jobIds.length} jobs queued`);
}

/** The --overrides flag's JSON; its fields are checked with the rest of the campaign. */
function parseOverrides(text: string): ScenarioOverrides {
  try {
    return JSON.parse(text) as ScenarioOverrides;
  } catch (error) {
    throw new AppError(
      "INPUT",
      `--overrides: not JSON (${(error as Error).message}); give an object such as '{"maxCases":1}'`,
    );
  }
}

export async function campaignCancelCommand(campaignId: string, opts: { dataDir?: string; json?: boolean }) {
  const cancelled = await withDb(opts.dataDir, (db) => cancelCampaign(db, campaignId, { actor: cliActor() }));
  print(opts.json, cancelled, `campaign ${campaignId} cancelled`);
}
