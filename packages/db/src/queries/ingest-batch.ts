import { isAppError, type ResultDocument } from "@edgeseg/protocol";
import type { DatabaseProvider, Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { type DeviceModelKey, refreshDeviceModelStats } from "./device-model-stats.ts";
import { type JobLink, linkJob } from "./link-job.ts";
import { organRows, type ResultContext, resultRow } from "./result-row.ts";
import { upsertResult } from "./upsert-result.ts";

export interface BatchResult {
  doc: ResultDocument;
  ctx: ResultContext;
}

/** What became of one result of a batch, in the batch's order. */
export type BatchOutcome =
  | {
      ok: true;
      created: true;
      job: JobLink;
      rankable: boolean;
      unrankedReason: string | null;
      /** The plausibility flags as stored (JSON array text), or null. */
      review: string | null;
    }
  /** Already stored (a re-delivery, or a second copy in the same batch): nothing changed. */
  | { ok: true; created: false; job: "unchanged" }
  /** Refused as upsertResult refuses it (an AppError for a device that is not enrolled), or the database failed. */
  | { ok: false; error: unknown };

type Tx = Prisma.TransactionClient;
type Created = Extract<BatchOutcome, { created: true }>;

/**
 * Stores a batch of validated results in ONE transaction (group commit): the hub answers each
 * message only after this returns, so one commit — one fsync on SQLite — covers the whole batch
 * instead of one per result. Same rows and figures as `upsertResult` one at a time:
 *
 * - idempotent by resultId: ids already stored, and later copies within the batch, change nothing;
 * - Result rows and their per-organ rows are inserted with one multi-row INSERT each;
 * - each result naming a job is linked to it (linkJob) in batch order;
 * - each touched (suite, class, model, version, device) fleet figure is refreshed once per batch —
 *   before the batch links another result of the same model in the same class, because linkJob's
 *   plausibility review reads those figures, so it sees what one-at-a-time storing would show it.
 *
 * A failing item (foreign key, a concurrent insert of the same resultId by another hub) rolls the
 * batch back; the batch is then stored one result at a time through upsertResult, so only the bad
 * item is refused and the others are stored — each answered exactly as `upsertResult` answers it.
 * When one of those fails for another reason than a refusal, the rest get the same error untried.
 */
export async function storeResultBatch(db: Db, items: BatchResult[]): Promise<BatchOutcome[]> {
  if (items.length === 0) return [];
  try {
    return await db.prisma.$transaction((tx) => writeBatch(tx, db.provider, items), { timeout: 60_000 });
  } catch {
    const out: BatchOutcome[] = [];
    for (const { doc, ctx } of items) {
      const outcome = await storeOne(db, doc, ctx);
      out.push(outcome);
      // Not a refusal of this item (the database is locked, gone, full): the rest would fail the
      // same way, each after its own wait; answer them with that error now (the hub withholds
      // their PUBACKs and the devices re-send).
      if (!outcome.ok && !isAppError(outcome.error)) {
        while (out.length < items.length) out.push(outcome);
        break;
      }
    }
    return out;
  }
}

async function storeOne(db: Db, doc: ResultDocument, ctx: ResultContext): Promise<BatchOutcome> {
  try {
    const outcome = await upsertResult(db, doc, ctx);
    if (!outcome.created) return { ok: true, created: false, job: "unchanged" };
    const row = await db.prisma.result.findUnique({
      where: { id: doc.resultId },
      select: { rankable: true, unrankedReason: true, review: true },
    });
    return {
      ok: true,
      created: true,
      job: outcome.job as JobLink,
      rankable: row?.rankable ?? false,
      unrankedReason: row?.unrankedReason ?? null,
      review: row?.review ?? null,
    };
  } catch (error) {
    return { ok: false, error };
  }
}

const modelKey = (k: DeviceModelKey) =>
  `${k.suiteSha256}\0${k.deviceClassId}\0${k.modelId}\0${k.modelVersion}`;

/** Every Result column, from the generated client: a column added to the schema is inserted too. */
const RESULT_COLUMNS = Object.values(Prisma.ResultScalarFieldEnum);
const ORGAN_COLUMNS = Object.values(Prisma.ResultOrganScalarFieldEnum);
/** Parameters per statement, under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/**
 * One multi-row INSERT per chunk through the client's raw path: Prisma's createMany spent ~2 ms per
 * Result row in its query engine (measured: 256 rows in 560 ms), a raw statement binds the values
 * only. Values go through the driver adapter's own argument mapping, as the model API's do (Date →
 * SQLite's ISO-8601 text / PostgreSQL timestamp, boolean → 0/1 on SQLite); enums are text, which
 * PostgreSQL casts to the enum type from an untyped parameter.
 */
export async function insertRows(
  tx: Tx,
  provider: DatabaseProvider,
  table: string,
  columns: readonly string[],
  rows: unknown[][],
  /** Appended to each statement, e.g. an ON CONFLICT clause. */
  suffix = "",
): Promise<void> {
  const perChunk = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES `;
  for (let start = 0; start < rows.length; start += perChunk) {
    const chunk = rows.slice(start, start + perChunk);
    let n = 0;
    const tuples = chunk.map(
      () => `(${columns.map(() => (provider === "postgresql" ? `$${++n}` : "?")).join(", ")})`,
    );
    await tx.$executeRawUnsafe(head + tuples.join(", ") + suffix, ...chunk.flat());
  }
}

async function writeBatch(tx: Tx, provider: DatabaseProvider, items: BatchResult[]): Promise<BatchOutcome[]> {
  // A write first, so SQLite takes its write lock at once rather than failing with SQLITE_BUSY on a
  // read-to-write upgrade when the dashboard commits in between (as withAudit does).
  await tx.$executeRawUnsafe(`UPDATE "Result" SET "id" = "id" WHERE 1 = 0`);
  const ids = [...new Set(items.map((i) => i.doc.resultId))];
  const stored = await tx.result.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const seen = new Set(stored.map((r) => r.id));
  const fresh: number[] = [];
  items.forEach((item, i) => {
    if (seen.has(item.doc.resultId)) return;
    seen.add(item.doc.resultId);
    fresh.push(i);
  });
  const outcomes: BatchOutcome[] = items.map(() => ({ ok: true, created: false, job: "unchanged" }));
  if (fresh.length === 0) return outcomes;

  const receivedAt = new Date();
  // The columns' defaults as the model API fills them (receivedAt: now, in the client, not SQL's).
  const defaults: Record<string, unknown> = { origin: "device", rankable: false, receivedAt };
  const rows = fresh.map((i) => {
    const row = resultRow(items[i]!.doc, items[i]!.ctx) as Record<string, unknown>;
    return RESULT_COLUMNS.map((c) => row[c] ?? defaults[c] ?? null);
  });
  await insertRows(tx, provider, "Result", RESULT_COLUMNS, rows);
  const organs = fresh.flatMap((i) =>
    organRows(items[i]!.doc).map((o) => {
      const row: Record<string, unknown> = { ...o, resultId: items[i]!.doc.resultId };
      return ORGAN_COLUMNS.map((c) => row[c] ?? null);
    }),
  );
  if (organs.length > 0) await insertRows(tx, provider, "ResultOrgan", ORGAN_COLUMNS, organs);

  const dirty = new Map<string, DeviceModelKey>();
  const refresh = async (prefix: string | null) => {
    for (const [key, k] of dirty) {
      if (prefix !== null && !key.startsWith(`${prefix}\0`)) continue;
      await refreshDeviceModelStats(tx, k);
      dirty.delete(key);
    }
  };
  for (const i of fresh) {
    const { doc, ctx } = items[i]!;
    const created: Created = {
      ok: true,
      created: true,
      job: "none",
      rankable: false,
      unrankedReason: ctx.unrankable ?? "started on the device, not dispatched by the hub",
      review: null,
    };
    outcomes[i] = created;
    if (ctx.jobId === undefined) continue;
    const key: DeviceModelKey | null = doc.suite
      ? {
          suiteSha256: doc.suite.sha256,
          deviceClassId: ctx.deviceClassId,
          modelId: doc.model.id,
          modelVersion: doc.model.version,
          deviceId: ctx.deviceId,
        }
      : null;
    if (key) await refresh(modelKey(key));
    created.job = await linkJob(tx, doc.resultId, doc.status === "succeeded", ctx);
    const row = await tx.result.findUniqueOrThrow({
      where: { id: doc.resultId },
      select: { rankable: true, unrankedReason: true, review: true },
    });
    Object.assign(created, row);
    // The device's fleet figure for this model moves with every rankable run it stores.
    if (row.rankable && key) dirty.set(`${modelKey(key)}\0${key.deviceId}`, key);
  }
  await refresh(null);
  return outcomes;
}
