import { listAudit } from "@edgeseg/db";
import { auditFilter, parseAuditQuery } from "@/lib/admin/audit-query.ts";
import { withRole } from "@/lib/api.ts";
import { prisma } from "@/lib/db.ts";

/**
 * Admin only (viewer and researcher: 403): the audit trail, newest first. Query: actor, action,
 * targetType, target (id), from / to (YYYY-MM-DD, both days included, or ISO date-times; `to`
 * exclusive then), page, pageSize (≤ 200). 200 { entries, total, page, pageSize, pages }.
 */
export const GET = withRole("admin", async (request) => {
  const query = parseAuditQuery(Object.fromEntries(new URL(request.url).searchParams));
  return listAudit(await prisma(), auditFilter(query), query.page, query.pageSize);
});
