import { campaignOverview, type Db } from "@edgeseg/db";
import type { ClassPolicy } from "@edgeseg/scoring";
import type { LeaderboardView } from "../ranking/leaderboard-view.ts";
import { loadLeaderboard } from "../ranking/load-leaderboard.ts";
import type { SuiteLabel } from "../ranking/suite-labels.ts";
import { campaignReportPaths, leaderboardPaths, type ReportPaths } from "./report-paths.ts";

/** A model in the report with the hash that pins what was measured. */
export interface ReportModel {
  label: string;
  modelId: string;
  modelVersion: string;
  /** sha256 of the registered manifest; null when the model is not in the catalogue. */
  manifestSha256: string | null;
  /** Ranked (has a fleet figure) or only listed as excluded. */
  ranked: boolean;
  /** Part of the campaign the report was made from (campaign reports only). */
  inCampaign: boolean;
}

/** One (suite, device class) of a report: the leaderboard's own view model plus the hashes and names. */
export interface ClassReport {
  classId: string;
  className: string;
  suite: SuiteLabel;
  /** The budgets and thresholds the ranking applied; null when the class is not known to the hub. */
  policy: ClassPolicy | null;
  /** The leaderboard's view (buildLeaderboard): rows in rank order, excluded models, formula, rules. */
  view: LeaderboardView | null;
  models: ReportModel[];
  /** Device names by id, for the device list. */
  deviceNames: Record<string, string>;
  /** Devices with a figure for at least one ranked model. */
  devices: number;
  paths: ReportPaths;
}

export interface FleetReport {
  kind: "leaderboard" | "campaign";
  title: string;
  /** When the report was generated (UTC, ISO 8601). */
  generatedAt: string;
  campaign: {
    id: string;
    name: string;
    status: string;
    createdAt: string;
    createdBy: string | null;
    /** Classes of the campaign's devices that have no results on the suite yet. */
    classesWithoutResults: string[];
    /** The campaign's devices without a device class (never ranked). */
    devicesWithoutClass: number;
  } | null;
  classes: ClassReport[];
  /** Where this report, its PDF and (for one class) the leaderboard live: stable, shareable. */
  paths: ReportPaths;
}

/**
 * The report of one leaderboard selection (suite sha256 + class id, both required: a report names
 * exactly what it is about). A selection without results gives a report that says so.
 */
export async function leaderboardReport(
  db: Db,
  slice: { suiteSha256: string; deviceClassId: string },
  now: Date = new Date(),
): Promise<FleetReport | null> {
  const section = await classReport(db, slice, new Set());
  if (!section) return null;
  return {
    kind: "leaderboard",
    title: `Fleet report: ${section.className} · ${section.suite.label}`,
    generatedAt: now.toISOString(),
    campaign: null,
    classes: [section],
    paths: section.paths,
  };
}

/**
 * The report of a campaign: its suite on each device class its devices belong to (the class each
 * result was filed under, and each targeted device's current class), each ranked as the leaderboard
 * ranks it — fleet figures over every dispatched VALID run on that suite and class, the campaign's
 * models marked. null for an unknown campaign.
 */
export async function campaignReport(
  db: Db,
  campaignId: string,
  now: Date = new Date(),
): Promise<FleetReport | null> {
  const campaign = await campaignOverview(db, campaignId);
  if (!campaign) return null;
  const [jobs, filed] = await Promise.all([
    db.prisma.job.findMany({
      where: { campaignId },
      select: { modelId: true, modelVersion: true, device: { select: { id: true, deviceClassId: true } } },
    }),
    db.prisma.result.findMany({
      where: { job: { campaignId } },
      select: { deviceClassId: true },
      distinct: ["deviceClassId"],
    }),
  ]);
  const campaignModels = new Set(jobs.map((j) => `${j.modelId}@${j.modelVersion}`));
  const classIds = [
    ...new Set([
      ...filed.map((r) => r.deviceClassId),
      ...jobs.flatMap((j) => (j.device.deviceClassId ? [j.device.deviceClassId] : [])),
    ]),
  ].sort();
  const classes: ClassReport[] = [];
  const classesWithoutResults: string[] = [];
  for (const deviceClassId of classIds) {
    const section = await classReport(
      db,
      { suiteSha256: campaign.suite.sha256, deviceClassId },
      campaignModels,
    );
    if (section && (section.view === null || section.view.rows.length + section.view.excluded.length > 0)) {
      classes.push(section);
    } else {
      classesWithoutResults.push(deviceClassId);
    }
  }
  const unclassed = new Set(jobs.filter((j) => j.device.deviceClassId === null).map((j) => j.device.id));
  return {
    kind: "campaign",
    title: `Fleet report: campaign ${campaign.name} · ${campaign.suite.id}@${campaign.suite.version}`,
    generatedAt: now.toISOString(),
    campaign: {
      id: campaign.id,
      name: campaign.name,
      status: campaign.status,
      createdAt: campaign.createdAt.toISOString(),
      createdBy: campaign.createdBy,
      classesWithoutResults,
      devicesWithoutClass: unclassed.size,
    },
    classes,
    paths: campaignReportPaths(campaign.id),
  };
}

/** One class's part of a report, from the leaderboard's own loader and view model (nothing recomputed). */
async function classReport(
  db: Db,
  slice: { suiteSha256: string; deviceClassId: string },
  campaignModels: ReadonlySet<string>,
): Promise<ClassReport | null> {
  const page = await loadLeaderboard(db, { suite: slice.suiteSha256, class: slice.deviceClassId });
  if (!page.chosen) return null;
  const { view } = page;
  const listed = [
    ...(view?.rows.map((r) => ({
      label: r.label,
      modelId: r.modelId,
      modelVersion: r.modelVersion,
      ranked: true,
    })) ?? []),
    ...(view?.excluded.map((e) => {
      const at = e.label.lastIndexOf("@");
      return {
        label: e.label,
        modelId: e.label.slice(0, at),
        modelVersion: e.label.slice(at + 1),
        ranked: false,
      };
    }) ?? []),
  ];
  const deviceIds = [...new Set(view?.rows.flatMap((r) => r.perDevice.map((d) => d.deviceId)) ?? [])];
  const [catalogue, devices] = await Promise.all([
    listed.length === 0
      ? []
      : db.prisma.model.findMany({
          where: { OR: listed.map((m) => ({ id: m.modelId, version: m.modelVersion })) },
          select: { id: true, version: true, manifestSha256: true },
        }),
    db.prisma.device.findMany({ where: { id: { in: deviceIds } }, select: { id: true, name: true } }),
  ]);
  const manifest = new Map(catalogue.map((m) => [`${m.id}@${m.version}`, m.manifestSha256]));
  return {
    classId: page.chosen.classId,
    className: page.chosen.className,
    suite: page.chosen.suite,
    policy: page.policy,
    view,
    models: listed.map((m) => ({
      ...m,
      manifestSha256: manifest.get(m.label) ?? null,
      inCampaign: campaignModels.has(m.label),
    })),
    deviceNames: Object.fromEntries(
      deviceIds.map((id) => [id, devices.find((d) => d.id === id)?.name ?? id]),
    ),
    devices: deviceIds.length,
    paths: leaderboardPaths(page.chosen.suite.sha256, page.chosen.classId),
  };
}
