import type { Db } from "@edgeseg/db";
import type { ResultDocument } from "@edgeseg/protocol";
import { signingKeyId, verifyResultSignature } from "@edgeseg/protocol/crypto";

export interface StoredVerification {
  checked: number;
  verified: number;
  failed: number;
  unsigned: number;
  /** The first failures (at most 100), for the operator to look into. */
  failures: { resultId: string; deviceId: string; reason: string }[];
}

export interface VerifyRange {
  /** receivedAt >= since */
  since?: Date;
  /** receivedAt < until */
  until?: Date;
  deviceId?: string;
}

const BATCH = 500;

/**
 * Re-checks stored results against their devices' enrolled keys: what `edgeseg-hub verify` prints.
 * A result whose stored document or signature was changed after ingest (a database edited by hand, a
 * restored backup of unknown origin) fails; a result stored unsigned is counted as such.
 */
export async function verifyStoredResults(db: Db, range: VerifyRange = {}): Promise<StoredVerification> {
  const out: StoredVerification = { checked: 0, verified: 0, failed: 0, unsigned: 0, failures: [] };
  const where = {
    ...(range.deviceId ? { deviceId: range.deviceId } : {}),
    ...(range.since || range.until ? { receivedAt: { gte: range.since, lt: range.until } } : {}),
  };
  const fail = (resultId: string, deviceId: string, reason: string) => {
    out.failed++;
    if (out.failures.length < 100) out.failures.push({ resultId, deviceId, reason });
  };
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.prisma.result.findMany({
      where,
      orderBy: { id: "asc" },
      take: BATCH,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true,
        deviceId: true,
        document: true,
        signature: true,
        device: { select: { signingKey: true } },
      },
    });
    for (const row of rows) {
      out.checked++;
      if (row.signature === null) {
        out.unsigned++;
        continue;
      }
      const key = row.device.signingKey;
      if (key === null) {
        fail(row.id, row.deviceId, "stored with a signature, but its device has no enrolled signing key");
        continue;
      }
      let json: unknown;
      try {
        json = JSON.parse(row.document);
      } catch {
        fail(row.id, row.deviceId, "the stored document is not valid JSON");
        continue;
      }
      // The signature covers the JSON value, not today's schema: a result stored under an older schema
      // version verifies as it was signed.
      const doc = json as ResultDocument | null;
      if (doc === null || typeof doc !== "object" || doc.resultId !== row.id) {
        fail(row.id, row.deviceId, "the stored document is not this row's result document");
        continue;
      }
      const signature = { alg: "ed25519" as const, keyId: signingKeyId(key), value: row.signature };
      const check = verifyResultSignature(row.deviceId, doc, signature, key);
      if (check.ok) out.verified++;
      else fail(row.id, row.deviceId, check.reason);
    }
    if (rows.length < BATCH) break;
    cursor = rows[rows.length - 1]!.id;
  }
  return out;
}
