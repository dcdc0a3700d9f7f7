import { auditActionNames, auditTargetTypes } from "@edgeseg/db";

export interface AuditFilterValues {
  actor?: string;
  action?: string;
  targetType?: string;
  target?: string;
  from?: string;
  to?: string;
}

/** A plain GET form: the filters live in the query string, so a filtered view is a link to share. */
export function AuditFilters({ values, actors }: { values: AuditFilterValues; actors: string[] }) {
  return (
    <form method="get" className="row card" aria-label="Filter the audit trail" data-testid="audit-filters">
      <label>
        Actor
        <select name="actor" defaultValue={values.actor ?? ""}>
          <option value="">anyone</option>
          {actors.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        Action
        <select name="action" defaultValue={values.action ?? ""}>
          <option value="">any action</option>
          {auditActionNames.map((a) => (
            <option key={a} value={a}>
              {a}
            </option>
          ))}
        </select>
      </label>
      <label>
        Target type
        <select name="targetType" defaultValue={values.targetType ?? ""}>
          <option value="">any</option>
          {auditTargetTypes.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Target id
        <input name="target" defaultValue={values.target ?? ""} size={18} />
      </label>
      <label>
        From
        <input name="from" type="date" defaultValue={values.from ?? ""} />
      </label>
      <label>
        To
        <input name="to" type="date" defaultValue={values.to ?? ""} />
      </label>
      <button type="submit">Apply</button>
      <a href="/admin/audit">Clear</a>
    </form>
  );
}
