import { type AuditFilter, auditActionNames, auditTargetTypes } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

const text = z
  .string()
  .trim()
  .max(300)
  .optional()
  .transform((v) => (v ? v : undefined));

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-12-03` (a whole UTC day, as a date input sends it) or an ISO date-time. */
function instant(name: string, endOfDay: boolean) {
  return text.transform((v, ctx) => {
    if (v === undefined) return undefined;
    const day = DAY.test(v);
    const at = new Date(day ? `${v}T00:00:00.000Z` : v);
    if (Number.isNaN(at.getTime())) {
      ctx.addIssue({
        code: "custom",
        message: `${name} "${v}" is not a date: use YYYY-MM-DD or an ISO date-time`,
      });
      return z.NEVER;
    }
    // "to 2026-12-03" includes that day: the bound is the next midnight, exclusive.
    return day && endOfDay ? new Date(at.getTime() + 86_400_000) : at;
  });
}

/** The audit page's and API's filters and page, from a query string. */
export const auditQuerySchema = z.object({
  actor: text,
  action: z
    .enum(auditActionNames)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  targetType: z
    .enum(auditTargetTypes)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  target: text,
  from: instant("from", false),
  to: instant("to", true),
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type AuditQuery = z.output<typeof auditQuerySchema>;

export function parseAuditQuery(query: Record<string, string | string[] | undefined>): AuditQuery {
  const first = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditQuerySchema.safeParse(first);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || "query";
  throw new AppError(
    "USAGE",
    `audit filter ${field}: ${issue?.message ?? "invalid"} — fix or clear the filter`,
  );
}

export function auditFilter(q: AuditQuery): AuditFilter {
  return {
    ...(q.actor ? { actor: q.actor } : {}),
    ...(q.action ? { action: q.action } : {}),
    ...(q.targetType ? { targetType: q.targetType } : {}),
    ...(q.target ? { targetId: q.target } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
  };
}

/** The query string of the same filters on another page (for the pager's links). */
export function auditPageHref(query: Record<string, string | string[] | undefined>, page: number): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    const value = Array.isArray(v) ? v[0] : v;
    if (value && k !== "page") params.set(k, value);
  }
  params.set("page", String(page));
  return `/admin/audit?${params.toString()}`;
}
