"use client";

import { useActionState, useState } from "react";
import type { ActionState } from "@/lib/action.ts";
import type { CampaignFormOptions } from "@/lib/ranking/campaigns/form-options.ts";
import { submitKeepingInput } from "@/lib/ranking/submit-keeping-input.ts";
import { createCampaignAction } from "./actions.ts";

/** Create a campaign: suite × models × target (classes, tags or devices — any match), with overrides. */
export function CampaignForm({ options }: { options: CampaignFormOptions }) {
  const [state, action, pending] = useActionState<ActionState, FormData>(createCampaignAction, null);
  const [suite, setSuite] = useState(options.suites[0]?.sha256 ?? "");
  const pinned = new Set(options.suites.find((s) => s.sha256 === suite)?.models ?? []);
  if (options.suites.length === 0) {
    return (
      <p className="notice" data-testid="campaign-no-suite">
        No suite is registered yet: import one on the hub (edgeseg-hub suite import standard-v1) to schedule
        campaigns.
      </p>
    );
  }
  return (
    <form
      onSubmit={submitKeepingInput(action)}
      className="stack card"
      aria-label="Create a campaign"
      data-testid="campaign-form"
    >
      <div className="row">
        <label>
          Name
          <input name="name" required maxLength={200} data-testid="campaign-name" />
        </label>
        <label>
          Suite
          <select
            name="suite"
            value={suite}
            onChange={(e) => setSuite(e.target.value)}
            data-testid="campaign-suite"
          >
            {options.suites.map((s) => (
              <option key={s.sha256} value={s.sha256}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <fieldset className="row" key={suite}>
        <legend>Models (the suite's pinned models are ticked)</legend>
        {options.models.map((m) => (
          <label className="inline" key={m.key}>
            <input
              type="checkbox"
              name="models"
              value={m.key}
              defaultChecked={pinned.has(m.key)}
              data-testid="campaign-model"
            />
            <span className="mono">{m.label}</span>
          </label>
        ))}
      </fieldset>
      <fieldset className="stack">
        <legend>Target: devices matching any of these (active devices only)</legend>
        <div className="row">
          {options.classes.map((c) => (
            <label className="inline" key={c.id}>
              <input type="checkbox" name="classes" value={c.id} data-testid="campaign-class" />
              {c.name} <span className="muted">({c.active} active)</span>
            </label>
          ))}
        </div>
        {options.tags.length > 0 && (
          <div className="row">
            <span className="muted">Tags:</span>
            {options.tags.map((t) => (
              <label className="inline" key={t}>
                <input type="checkbox" name="tags" value={t} data-testid="campaign-tag" />
                {t}
              </label>
            ))}
          </div>
        )}
        <label>
          Devices
          <select
            name="devices"
            multiple
            size={Math.min(6, Math.max(2, options.devices.length))}
            data-testid="campaign-devices"
          >
            {options.devices.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name === d.id ? d.id : `${d.name} (${d.id})`}
                {d.deviceClassId ? ` · ${d.deviceClassId}` : ""}
              </option>
            ))}
          </select>
        </label>
      </fieldset>
      <fieldset className="row">
        <legend>Scenario overrides (empty: the suite's settings)</legend>
        <label>
          SingleStream minimum duration (s)
          <input name="minDurationS" type="number" min={0} step="any" data-testid="campaign-min-duration" />
        </label>
        <label>
          SingleStream minimum queries
          <input name="minQueries" type="number" min={1} step={1} data-testid="campaign-min-queries" />
        </label>
        <label>
          Maximum cases
          <input name="maxCases" type="number" min={1} step={1} data-testid="campaign-max-cases" />
        </label>
        <label>
          Time limit per run (min)
          <input
            name="timeoutMin"
            type="number"
            min={1}
            step="any"
            placeholder="30"
            data-testid="campaign-timeout"
          />
        </label>
      </fieldset>
      <div>
        <button type="submit" disabled={pending} data-testid="campaign-create">
          {pending ? "Creating…" : "Create campaign"}
        </button>
      </div>
      {state && !state.ok && (
        <p role="alert" className="error" data-testid="campaign-error">
          {state.error.message}
        </p>
      )}
    </form>
  );
}
