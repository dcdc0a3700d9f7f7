export {
  AUDIT_ACTIONS,
  type AuditAction,
  type AuditTargetType,
  auditActionNames,
  auditTargetTypes,
  isAuditAction,
} from "./actions.ts";
export { type AuditActor, cliActor, userActor } from "./actor.ts";
export {
  AUDIT_MAX_PAGE_SIZE,
  AUDIT_PAGE_SIZE,
  type AuditEntryView,
  type AuditFilter,
  type AuditPage,
  auditActors,
  listAudit,
} from "./list.ts";
export { type Audit, type AuditEvent, type AuditValues, REDACTED, recordAudit, withAudit } from "./record.ts";
