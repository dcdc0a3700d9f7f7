import { type ClassPolicy, CONSTRAINT_INFO, CONSTRAINT_KEYS } from "@edgeseg/scoring";
import { ActionButton } from "@/components/action-button.tsx";
import { formatMb, formatNumber } from "@/lib/format.ts";
import { formatOrganThresholds } from "@/lib/ranking/policy-form.ts";
import { resetPolicyAction } from "./actions.ts";
import { PolicyForm } from "./policy-form.tsx";

/** The class's budgets and thresholds as the ranking uses them; admins edit them here. */
export function PolicyPanel({
  classId,
  className,
  policy,
  custom,
  isAdmin,
}: {
  classId: string;
  className: string;
  policy: ClassPolicy;
  custom: boolean;
  isAdmin: boolean;
}) {
  const organs = Object.entries(policy.organThresholds);
  return (
    <section className="card" aria-labelledby="policy-heading" data-testid="class-policy">
      <h2 id="policy-heading" style={{ marginTop: 0 }}>
        {className}: budgets and thresholds
      </h2>
      <dl className="facts">
        <dt>Memory budget (peak)</dt>
        <dd data-testid="policy-memory">{formatMb(policy.memoryBudgetMb)}</dd>
        <dt>Time budget per case</dt>
        <dd data-testid="policy-time">{formatNumber(policy.caseTimeBudgetS, 0)} s</dd>
        <dt>Minimum mean DSC / NSD</dt>
        <dd data-testid="policy-accuracy">
          {formatNumber(policy.diceThreshold, 2)} / {formatNumber(policy.nsdThreshold, 2)}
        </dd>
        <dt>Per-organ minimum DSC / NSD</dt>
        <dd>
          {organs.length === 0
            ? "none"
            : organs.map(([organ, t]) => `${organ} ${t.dice ?? "–"} / ${t.nsd ?? "–"}`).join(", ")}
        </dd>
        <dt>Hard constraints</dt>
        <dd>{policy.hardConstraints.map((k) => CONSTRAINT_INFO[k].title).join(", ") || "none"}</dd>
      </dl>
      <p className="muted">
        {custom
          ? "An admin has edited this class's scoring policy."
          : "Scoring weights and organ thresholds are the defaults."}{" "}
        These thresholds are starting points, not clinical standards: set them for your organs, task and
        protocol.
      </p>
      {isAdmin && (
        <details data-testid="policy-editor">
          <summary>Edit budgets, thresholds and weights</summary>
          <PolicyForm
            classId={classId}
            policy={policy}
            organThresholdsText={formatOrganThresholds(policy.organThresholds)}
            constraints={CONSTRAINT_KEYS.map((key) => ({ key, title: CONSTRAINT_INFO[key].title }))}
          />
          <ActionButton
            action={resetPolicyAction}
            id={classId}
            label="Reset to firmware-profile defaults"
            variant="secondary"
            confirm={`Reset ${className}'s budgets, thresholds and weights to the defaults?`}
            testId="policy-reset"
          />
        </details>
      )}
    </section>
  );
}
