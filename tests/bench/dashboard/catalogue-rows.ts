import type Database from "better-sqlite3";
import { deviceClassRow } from "../../../apps/hub/src/enroll/device-class.ts";
import { CLASSES, MODELS, modelFileSha, modelManifestSha, ORGANS, profileName, SUITES } from "./catalogue.ts";
import type { SimDevice } from "./fleet.ts";
import { inserter, sqlTime } from "./sql.ts";

/** Device classes as the hub creates them on enrolment, suites and models as the registry imports them. */
export async function insertCatalogue(db: Database.Database, nowMs: number): Promise<void> {
  const cls = inserter(db, "DeviceClass", [
    "id",
    "name",
    "memoryBudgetMb",
    "caseTimeBudgetS",
    "diceThreshold",
    "nsdThreshold",
    "profile",
  ]);
  for (const c of CLASSES)
    cls(await deviceClassRow({ id: c.id, name: profileName(c.id), matchedRule: "board-model" }));
  const model = inserter(db, "Model", [
    "id",
    "version",
    "family",
    "pipeline",
    "manifest",
    "manifestSha256",
    "trained",
    "license",
    "fineTuningSupported",
    "createdAt",
  ]);
  const artifact = inserter(db, "Artifact", ["sha256", "size", "path", "role", "modelId", "modelVersion"]);
  for (const m of MODELS) {
    const labels = Object.fromEntries(ORGANS.map(([name, label]) => [String(label), name]));
    const manifest = {
      id: m.id,
      version: m.version,
      name: m.id,
      family: m.family,
      pipeline: m.pipeline,
      labels,
      trained: true,
      intendedUse: "Benchmark fixture for bench:dashboard; not for clinical use.",
      license: "Apache-2.0",
      fineTuning: { supported: m.fineTuning, notes: m.fineTuning ? "fine-tunes on a CPU in minutes" : "" },
    };
    model({
      ...m,
      manifest,
      manifestSha256: modelManifestSha(m),
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: m.fineTuning,
      createdAt: sqlTime(nowMs - 400 * 86_400_000),
    });
    const sha = modelFileSha(m);
    artifact({
      sha256: sha,
      size: m.peakMb * 4000,
      path: `artifacts/${sha}`,
      role: "model",
      modelId: m.id,
      modelVersion: m.version,
    });
  }
  const suite = inserter(db, "Suite", ["sha256", "id", "version", "definition", "createdAt"]);
  for (const s of SUITES) {
    const pinned = s.models.slice(0, 3).map((i) => MODELS[i]!);
    const definition = {
      format: 1,
      dataset: { id: s.dataset.id, sha256: s.dataset.sha256 },
      models: pinned.map((m) => ({ id: m.id, version: m.version, manifestSha256: modelManifestSha(m) })),
      suite: { id: s.id, version: s.version, name: s.id },
    };
    suite({
      sha256: s.sha256,
      id: s.id,
      version: s.version,
      definition,
      createdAt: sqlTime(nowMs - 400 * 86_400_000),
    });
  }
}

/** Devices with their tags, as enrolment and the hub's presence tracking leave them. */
export function insertDevices(db: Database.Database, devices: SimDevice[]): void {
  const device = inserter(db, "Device", [
    "id",
    "name",
    "secretHash",
    "status",
    "deviceClassId",
    "hardwareFingerprint",
    "deviceInfo",
    "agentVersion",
    "online",
    "lastSeenAt",
    "createdAt",
  ]);
  const tag = inserter(db, "DeviceTag", ["deviceId", "tag"]);
  for (const d of devices) {
    device({
      id: d.id,
      name: d.name,
      // A real scrypt hash is not needed: nobody authenticates as these devices.
      secretHash: "scrypt$16384$8$1$bench$unused",
      status: d.status,
      deviceClassId: d.cls.id,
      hardwareFingerprint: d.id.slice(-10),
      deviceInfo: d.info,
      agentVersion: d.agentVersion,
      online: d.online,
      lastSeenAt: new Date(d.lastSeenMs),
      createdAt: new Date(d.enrolledMs),
    });
    for (const t of d.tags) tag({ deviceId: d.id, tag: t });
  }
}
