import type { Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { CampaignTarget } from "./campaign-input.ts";

/**
 * The active devices a target names, sorted by id. Class and tag lists match silently (a pending or
 * disabled device is simply not part of the fleet yet); a device named explicitly must exist and be
 * active, since naming it says the researcher expects it to run.
 */
export async function matchDevices(db: Db, target: CampaignTarget): Promise<string[]> {
  const named = [...new Set(target.deviceIds ?? [])];
  if (named.length > 0) {
    const rows = await db.prisma.device.findMany({
      where: { id: { in: named } },
      select: { id: true, status: true },
    });
    const missing = named.filter((id) => !rows.some((r) => r.id === id));
    if (missing.length > 0) {
      throw new AppError(
        "NOT_FOUND",
        `campaign target names unknown device(s) ${missing.join(", ")}: check the ids`,
      );
    }
    const inactive = rows.filter((r) => r.status !== "active");
    if (inactive.length > 0) {
      const list = inactive.map((r) => `${r.id} (${r.status})`).join(", ");
      throw new AppError(
        "INPUT",
        `campaign target names device(s) that cannot run jobs: ${list}; approve or re-enable them first`,
      );
    }
  }
  const or = [
    ...(target.deviceClassIds?.length ? [{ deviceClassId: { in: target.deviceClassIds } }] : []),
    ...(target.tags?.length ? [{ tags: { some: { tag: { in: target.tags } } } }] : []),
    ...(named.length ? [{ id: { in: named } }] : []),
  ];
  const devices = await db.prisma.device.findMany({
    where: { status: "active", OR: or },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (devices.length === 0) {
    throw new AppError(
      "INPUT",
      `no active device matches the campaign target (device classes: ${list(target.deviceClassIds)}; tags: ${list(target.tags)}): enrol or approve devices, or widen the target`,
    );
  }
  return devices.map((d) => d.id);
}

function list(values: string[] | undefined): string {
  return values?.length ? values.join(", ") : "none";
}
