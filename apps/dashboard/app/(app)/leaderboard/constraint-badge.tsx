import { CONSTRAINT_INFO, type ConstraintKey, type ConstraintResult } from "@edgeseg/scoring";

const tone = { pass: "ok", fail: "bad", unknown: "" } as const;
const word = { pass: "pass", fail: "fail", unknown: "unknown" } as const;

/** One constraint's verdict with the numbers behind it; the sentence saying why is the tooltip. */
export function ConstraintBadge({ name, result }: { name: ConstraintKey; result: ConstraintResult }) {
  return (
    <div className="stack" style={{ gap: "0.15rem", alignItems: "flex-start" }}>
      <span
        className={`badge ${tone[result.status]}`}
        data-testid="constraint-badge"
        data-constraint={name}
        data-status={result.status}
        title={result.detail}
      >
        <span className="visually-hidden">{CONSTRAINT_INFO[name].title}: </span>
        {word[result.status]}
      </span>
      <span className="muted" style={{ fontSize: "0.8rem" }} data-testid="constraint-value">
        {result.value}
      </span>
    </div>
  );
}
