import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";

export interface AuditFilter {
  /** Exact actor label: an e-mail or `cli:<os user>`. */
  actor?: string;
  action?: string;
  targetType?: string;
  targetId?: string;
  /** Inclusive lower and exclusive upper bound on `at`. */
  from?: Date;
  to?: Date;
}

export interface AuditEntryView {
  id: string;
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  action: string;
  targetType: string;
  targetId: string;
  before: unknown;
  after: unknown;
}

export interface AuditPage {
  entries: AuditEntryView[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_MAX_PAGE_SIZE = 200;

function where(filter: AuditFilter): Prisma.AuditEntryWhereInput {
  return {
    ...(filter.actor ? { actorLabel: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from || filter.to
      ? { at: { ...(filter.from ? { gte: filter.from } : {}), ...(filter.to ? { lt: filter.to } : {}) } }
      : {}),
  };
}

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

/**
 * One page of the audit trail, newest first (ties by id), with the total for the filter. Each filter
 * is served by an index that ends in `at` (see the AuditEntry model).
 */
export async function listAudit(
  prisma: PrismaClient,
  filter: AuditFilter = {},
  page = 1,
  pageSize = AUDIT_PAGE_SIZE,
): Promise<AuditPage> {
  const size = Math.min(Math.max(1, Math.trunc(pageSize)), AUDIT_MAX_PAGE_SIZE);
  const w = where(filter);
  const total = await prisma.auditEntry.count({ where: w });
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.trunc(page)), pages);
  const rows = await prisma.auditEntry.findMany({
    where: w,
    orderBy: [{ at: "desc" }, { id: "desc" }],
    skip: (current - 1) * size,
    take: size,
  });
  return {
    entries: rows.map((r) => ({ ...r, before: parse(r.before), after: parse(r.after) })),
    total,
    page: current,
    pageSize: size,
    pages,
  };
}

/** Everyone who has changed something, for the actor filter. */
export async function auditActors(prisma: PrismaClient): Promise<string[]> {
  // GROUP BY in SQL (the actorLabel index), not Prisma's `distinct`, which filters fetched rows.
  const rows = await prisma.auditEntry.groupBy({ by: ["actorLabel"], orderBy: { actorLabel: "asc" } });
  return rows.map((r) => r.actorLabel);
}
