import { ActionButton } from "@/components/action-button.tsx";
import type { listEnrollmentTokens } from "@/lib/admin/tokens.ts";
import { formatDateTime, plural } from "@/lib/format.ts";
import { revokeTokenAction } from "./actions.ts";
import { TokenForm } from "./token-form.tsx";

type Token = Awaited<ReturnType<typeof listEnrollmentTokens>>[number];
const tone = { unused: "ok", used: "", expired: "bad" } as const;

export function TokenSection({
  tokens,
  hubUrl,
  caFingerprint,
}: {
  tokens: Token[];
  hubUrl: string | null;
  caFingerprint: string | null;
}) {
  return (
    <section aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Enrolment tokens</h2>
      <TokenForm hubUrl={hubUrl} caFingerprint={caFingerprint} />
      <div className="table-wrap" style={{ marginTop: "1rem" }}>
        <table data-testid="token-table">
          <caption>Latest {plural(tokens.length, "token")} (each enrols one device)</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">By</th>
              <th scope="col">Expires</th>
              <th scope="col">Approval</th>
              <th scope="col">Status</th>
              <th scope="col">Device</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {tokens.length === 0 && (
              <tr>
                <td colSpan={7} className="muted">
                  No tokens yet.
                </td>
              </tr>
            )}
            {tokens.map((t) => (
              <tr key={t.id} data-testid="token-row" data-token-id={t.id} data-state={t.state}>
                <td>{formatDateTime(t.createdAt)}</td>
                <td>{t.createdBy ?? "—"}</td>
                <td>{formatDateTime(t.expiresAt)}</td>
                <td>{t.requiresApproval ? "required" : "automatic"}</td>
                <td>
                  <span className={`badge ${tone[t.state]}`} data-testid="token-state">
                    {t.state}
                  </span>
                </td>
                <td>
                  {t.usedBy ? (
                    <a href={`/devices/${encodeURIComponent(t.usedBy.id)}`}>{t.usedBy.name}</a>
                  ) : (
                    "—"
                  )}
                </td>
                <td>
                  {t.state === "unused" && (
                    <ActionButton action={revokeTokenAction} id={t.id} label="Revoke" variant="secondary" />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
