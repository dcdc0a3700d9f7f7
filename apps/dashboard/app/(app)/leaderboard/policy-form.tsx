"use client";

import type { ClassPolicy } from "@edgeseg/scoring";
import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";
import { submitKeepingInput } from "@/lib/ranking/submit-keeping-input.ts";
import { savePolicyAction } from "./actions.ts";

export function PolicyForm({
  classId,
  policy,
  organThresholdsText,
  constraints,
}: {
  classId: string;
  policy: ClassPolicy;
  organThresholdsText: string;
  /** The five constraints' keys and titles (passed in: the scoring package stays out of the browser bundle). */
  constraints: { key: ClassPolicy["hardConstraints"][number]; title: string }[];
}) {
  const [state, action, pending] = useActionState<ActionState, FormData>(savePolicyAction, null);
  const num = (name: string, label: string, value: number, step = "any") => (
    <label>
      {label}
      <input
        name={name}
        type="number"
        step={step}
        min={0}
        defaultValue={value}
        required
        data-testid={`policy-${name}`}
      />
    </label>
  );
  return (
    <form
      onSubmit={submitKeepingInput(action)}
      className="stack"
      aria-label="Edit the scoring policy"
      data-testid="policy-form"
    >
      <input type="hidden" name="id" value={classId} />
      <div className="row">
        {num("memoryBudgetMb", "Memory budget (MB)", policy.memoryBudgetMb)}
        {num("caseTimeBudgetS", "Time budget per case (s)", policy.caseTimeBudgetS)}
        {num("diceThreshold", "Minimum mean DSC", policy.diceThreshold)}
        {num("nsdThreshold", "Minimum mean NSD", policy.nsdThreshold)}
        {num(
          "fleetQuantile",
          "Share of devices that must meet the budgets (0.9 = 90 %)",
          policy.fleetQuantile,
        )}
        {num("egressBoundKb", "Most a job may send from the device (KB)", policy.egressBoundKb)}
        {num(
          "fineTuningBudgetMinutes",
          "Time fine-tuning may take to its plateau (minutes; 480 = one night)",
          policy.fineTuningBudgetMinutes,
        )}
      </div>
      <div className="row">
        {num("weightAccuracy", "Weight: accuracy", policy.weights.accuracy)}
        {num("weightSpeed", "Weight: speed", policy.weights.speed)}
        {num("weightMemory", "Weight: memory", policy.weights.memory)}
        {num("weightFineTuning", "Weight: fine-tuning", policy.weights.fineTuning)}
        {num("failPenalty", "Penalty factor on a hard failure", policy.failPenalty)}
      </div>
      <fieldset className="row">
        <legend>Hard constraints (a failure puts the model behind every model without one)</legend>
        {constraints.map(({ key, title }) => (
          <label className="inline" key={key}>
            <input
              type="checkbox"
              name="hard"
              value={key}
              defaultChecked={policy.hardConstraints.includes(key)}
            />
            {title}
          </label>
        ))}
      </fieldset>
      <label>
        Per-organ thresholds: one organ per line, "organ DSC NSD", "-" for none
        <textarea name="organThresholds" rows={6} defaultValue={organThresholdsText} className="mono" />
      </label>
      <div>
        <button type="submit" disabled={pending} data-testid="policy-save">
          Save policy
        </button>
      </div>
      {state?.ok && (
        <p role="status" data-testid="policy-saved">
          {state.message}
        </p>
      )}
      {state && !state.ok && (
        <p role="alert" className="error" data-testid="policy-error">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
