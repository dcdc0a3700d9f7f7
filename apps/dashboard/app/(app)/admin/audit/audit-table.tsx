import type { AuditEntryView } from "@edgeseg/db";
import { formatDateTime } from "@/lib/format.ts";

const shown = (value: unknown) =>
  value === undefined ? "—" : typeof value === "string" ? value : JSON.stringify(value);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Each field as `field: old → new`; a field that kept its value (context, such as the user's e-mail)
 * shows once, and a creation or deletion shows its one side.
 */
function Change({ before, after }: { before: unknown; after: unknown }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  if (keys.length === 0) return <span className="muted">—</span>;
  return (
    <ul style={{ listStyle: "none", margin: 0, padding: 0 }}>
      {keys.map((k) => (
        <li key={k}>
          <code>{k}</code>:{" "}
          {before === null || (before !== null && after !== null && same(b[k], a[k])) ? (
            <span>{shown(a[k])}</span>
          ) : after === null ? (
            <del>{shown(b[k])}</del>
          ) : (
            <>
              <del>{shown(b[k])}</del> → <span>{shown(a[k])}</span>
            </>
          )}
        </li>
      ))}
    </ul>
  );
}

export function AuditTable({ entries, caption }: { entries: AuditEntryView[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table data-testid="audit-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-testid="audit-row" data-action={e.action} data-target={e.targetId}>
              <td>{formatDateTime(e.at)}</td>
              <td data-testid="audit-actor">{e.actorLabel}</td>
              <td>
                <code>{e.action}</code>
              </td>
              <td>
                <span className="muted">{e.targetType}</span> <code>{e.targetId}</code>
              </td>
              <td>
                <Change before={e.before} after={e.after} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
