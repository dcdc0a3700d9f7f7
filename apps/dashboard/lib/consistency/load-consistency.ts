import {
  type Db,
  type DeviceAgreement,
  deviceConsistency,
  modelConsistency,
  type SliceConsistency,
} from "@edgeseg/db";
import { suiteLabels } from "../ranking/suite-labels.ts";

/** A model's cross-device consistency on one (suite, class), with the suite's and class's names. */
export type ModelConsistencyRow = SliceConsistency & { suite: string; className: string };

/** A device's agreement with its class on one model and suite, with the suite's name. */
export type DeviceConsistencyRow = DeviceAgreement & { suite: string };

/** The model card's "accuracy across devices": per suite and class, the devices whose DSC differs. */
export async function loadModelConsistency(
  db: Db,
  id: string,
  version: string,
): Promise<ModelConsistencyRow[]> {
  const slices = await modelConsistency(db, id, version);
  const [labels, classes] = await Promise.all([
    suiteLabels(db, [...new Set(slices.map((s) => s.suiteSha256))]),
    db.prisma.deviceClass.findMany({
      where: { id: { in: [...new Set(slices.map((s) => s.deviceClassId))] } },
      select: { id: true, name: true },
    }),
  ]);
  return slices.map((s) => ({
    ...s,
    suite: labels.find((l) => l.sha256 === s.suiteSha256)?.label ?? s.suiteSha256,
    className: classes.find((c) => c.id === s.deviceClassId)?.name ?? s.deviceClassId,
  }));
}

/** The device page's "accuracy against its class": each model it ran, agreeing or flagged. */
export async function loadDeviceConsistency(db: Db, deviceId: string): Promise<DeviceConsistencyRow[]> {
  const rows = await deviceConsistency(db, deviceId);
  const labels = await suiteLabels(db, [...new Set(rows.map((r) => r.suiteSha256))]);
  return rows.map((r) => ({
    ...r,
    suite: labels.find((l) => l.sha256 === r.suiteSha256)?.label ?? r.suiteSha256,
  }));
}
