import { auditActors, listAudit } from "@edgeseg/db";
import { isAppError } from "@edgeseg/protocol";
import type { Metadata } from "next";
import { auditFilter, auditPageHref, parseAuditQuery } from "@/lib/admin/audit-query.ts";
import { requirePageRole } from "@/lib/auth/server.ts";
import { prisma } from "@/lib/db.ts";
import { plural } from "@/lib/format.ts";
import { AuditFilters } from "./audit-filters.tsx";
import { AuditTable } from "./audit-table.tsx";

export const metadata: Metadata = { title: "Audit trail" };

type Query = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

/** Admin only: who changed what and when, filtered and paged (viewers and researchers: /forbidden). */
export default async function AuditPage({ searchParams }: { searchParams: Promise<Query> }) {
  await requirePageRole("admin", "/admin/audit");
  const raw = await searchParams;
  const values = {
    actor: first(raw.actor),
    action: first(raw.action),
    targetType: first(raw.targetType),
    target: first(raw.target),
    from: first(raw.from),
    to: first(raw.to),
  };
  const db = await prisma();
  const actors = await auditActors(db);
  let query: ReturnType<typeof parseAuditQuery>;
  try {
    query = parseAuditQuery(raw);
  } catch (error) {
    if (!isAppError(error)) throw error;
    return (
      <>
        <h1>Audit trail</h1>
        <AuditFilters values={values} actors={actors} />
        <p role="alert" className="error">
          {error.message}
        </p>
      </>
    );
  }
  const page = await listAudit(db, auditFilter(query), query.page, query.pageSize);
  return (
    <>
      <h1>Audit trail</h1>
      <p className="muted">
        Every change made by a person — in the dashboard or with the hub&apos;s commands — with the values
        before and after. Secrets never appear here.
      </p>
      <AuditFilters values={values} actors={actors} />
      <AuditTable
        entries={page.entries}
        caption={`${plural(page.total, "entry", "entries")}, newest first`}
      />
      {page.pages > 1 && (
        <nav aria-label="Pages" className="row" data-testid="audit-pager">
          {page.page > 1 && <a href={auditPageHref(raw, page.page - 1)}>← Newer</a>}
          <span>
            Page {page.page} of {page.pages}
          </span>
          {page.page < page.pages && <a href={auditPageHref(raw, page.page + 1)}>Older →</a>}
        </nav>
      )}
    </>
  );
}
