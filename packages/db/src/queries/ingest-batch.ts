import { isAppError, type ResultDocument } from "@edgeseg/protocol";
import type BetterSqlite3 from "better-sqlite3";
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
 * - Result rows and their per-organ rows are inserted, on SQLite through statements prepared once on
 *   the client's connection (one bind and step per row), on PostgreSQL with one INSERT per table over
 *   the rows as JSON (insertRows) — no value passes through Prisma's per-value mapping;
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
    return await db.prisma.$transaction((tx) => writeBatch(tx, db, items), { timeout: 60_000 });
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

/**
 * A value as the driver adapters store it (@prisma/adapter-better-sqlite3's and @prisma/adapter-pg's
 * argument mapping), ready for JSON: a Date is ISO-8601 text — on SQLite with `+00:00` for `Z`, the
 * adapter's "iso8601" timestamp format; PostgreSQL reads it into timestamp(3) —, a boolean 1/0 on
 * SQLite. Numbers and text go as they are: a JavaScript number's JSON text reads back as the same
 * double on both (shortest round-trip digits).
 */
function jsonValue(provider: DatabaseProvider, value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) {
    const iso = value.toISOString();
    return provider === "sqlite" ? iso.replace("Z", "+00:00") : iso;
  }
  if (typeof value === "boolean" && provider === "sqlite") return value ? 1 : 0;
  return value;
}

/**
 * Inserts rows with ONE statement whose only parameter is the rows as JSON text: SQLite unpacks it
 * with json_each (`value ->> i` for the i-th column), PostgreSQL with json_populate_recordset, which
 * casts each field to its column's type (enums, timestamps). Prisma's raw path maps every bound
 * value one by one (~1 ms per 45-column row at 256 rows, measured), and better-sqlite3 prepares each
 * distinct statement text anew; with one parameter the client's work per batch is one string, the
 * statement text is the same for every batch, and the database does the unpacking.
 */
export async function insertRows(
  tx: Tx,
  provider: DatabaseProvider,
  table: string,
  columns: readonly string[],
  rows: Record<string, unknown>[],
  /** Appended to the statement, e.g. an ON CONFLICT clause. */
  suffix = "",
): Promise<void> {
  if (rows.length === 0) return;
  const list = columns.map((c) => `"${c}"`).join(", ");
  if (provider === "sqlite") {
    const json = JSON.stringify(rows.map((r) => columns.map((c) => jsonValue(provider, r[c]))));
    const picks = columns.map((_, i) => `value ->> ${i}`).join(", ");
    // `WHERE true`: without it SQLite would read a following ON CONFLICT as the SELECT's join
    // constraint (the parsing ambiguity named in SQLite's UPSERT documentation).
    await tx.$executeRawUnsafe(
      `INSERT INTO "${table}" (${list}) SELECT ${picks} FROM json_each(?) WHERE true${suffix}`,
      json,
    );
    return;
  }
  const json = JSON.stringify(
    rows.map((r) => Object.fromEntries(columns.map((c) => [c, jsonValue(provider, r[c])]))),
  );
  await tx.$executeRawUnsafe(
    `INSERT INTO "${table}" (${list}) SELECT ${list} FROM json_populate_recordset(NULL::"${table}", $1::json)${suffix}`,
    json,
  );
}

/**
 * SQLite: the batch's statements, prepared once per connection and kept for its life (the hub's).
 * They run on the client's own connection inside its open transaction (Db.sqliteConnection), so each
 * row costs one bind and one step — no statement text to compile, no value mapped by the client.
 */
const prepared = new WeakMap<BetterSqlite3.Database, ReturnType<typeof prepareStatements>>();

function prepareStatements(conn: BetterSqlite3.Database) {
  const insert = (table: string, columns: readonly string[]) =>
    conn.prepare(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    );
  return {
    stored: conn.prepare(`SELECT "id" FROM "Result" WHERE "id" = ?`).pluck(),
    result: insert("Result", RESULT_COLUMNS),
    organ: insert("ResultOrgan", ORGAN_COLUMNS),
  };
}

/** The prepared statements, when this batch's transaction runs on a SQLite connection we can reach. */
function sqliteStatements(db: Db) {
  const conn = db.sqliteConnection?.();
  // Only inside the client's open transaction: outside one, each row would commit on its own.
  if (!conn?.inTransaction) return null;
  let statements = prepared.get(conn);
  if (!statements) {
    statements = prepareStatements(conn);
    prepared.set(conn, statements);
  }
  return statements;
}

/** Inserts rows through a prepared single-row statement, each value mapped as the adapter maps it. */
function runEach(
  statement: BetterSqlite3.Statement,
  columns: readonly string[],
  rows: Record<string, unknown>[],
) {
  for (const row of rows) statement.run(columns.map((c) => jsonValue("sqlite", row[c])));
}

/** The ids among `ids` already stored, with one parameter (the ids as a JSON array). */
async function storedIds(tx: Tx, provider: DatabaseProvider, ids: string[]): Promise<string[]> {
  const sql =
    provider === "sqlite"
      ? `SELECT "id" FROM "Result" WHERE "id" IN (SELECT value FROM json_each(?))`
      : `SELECT "id" FROM "Result" WHERE "id" IN (SELECT json_array_elements_text($1::json))`;
  const rows = await tx.$queryRawUnsafe<{ id: string }[]>(sql, JSON.stringify(ids));
  return rows.map((r) => r.id);
}

async function writeBatch(tx: Tx, db: Db, items: BatchResult[]): Promise<BatchOutcome[]> {
  const { provider } = db;
  // A write first, so SQLite takes its write lock at once rather than failing with SQLITE_BUSY on a
  // read-to-write upgrade when the dashboard commits in between (as withAudit does).
  await tx.$executeRawUnsafe(`UPDATE "Result" SET "id" = "id" WHERE 1 = 0`);
  const statements = sqliteStatements(db);
  const ids = [...new Set(items.map((i) => i.doc.resultId))];
  const seen = new Set(
    statements
      ? ids.filter((id) => statements.stored.get(id) !== undefined)
      : await storedIds(tx, provider, ids),
  );
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
    for (const c of RESULT_COLUMNS) row[c] ??= defaults[c] ?? null;
    return row;
  });
  const organs = fresh.flatMap((i) =>
    organRows(items[i]!.doc).map(
      (o) => ({ ...o, resultId: items[i]!.doc.resultId }) as Record<string, unknown>,
    ),
  );
  if (statements) {
    runEach(statements.result, RESULT_COLUMNS, rows);
    runEach(statements.organ, ORGAN_COLUMNS, organs);
  } else {
    await insertRows(tx, provider, "Result", RESULT_COLUMNS, rows);
    await insertRows(tx, provider, "ResultOrgan", ORGAN_COLUMNS, organs);
  }

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
