"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";
import { createTokenAction } from "./actions.ts";

export function TokenForm({
  hubUrl,
  caFingerprint,
}: {
  hubUrl: string | null;
  /** The hub CA agents pin (edgeseg-hub tls init); null when the hub serves no TLS. */
  caFingerprint: string | null;
}) {
  const [state, action, pending] = useActionState<ActionState<{ token: string }>, FormData>(
    createTokenAction,
    null,
  );
  return (
    <div className="stack">
      <form
        action={action}
        className="row card"
        aria-label="Create an enrolment token"
        data-testid="token-form"
      >
        <label>
          Expires after (hours)
          <input name="expiresInHours" type="number" min={1} max={720} defaultValue={24} required />
        </label>
        <label className="inline">
          <input name="requiresApproval" type="checkbox" data-testid="token-requires-approval" />
          Devices enrolled with it wait for approval
        </label>
        <button type="submit" disabled={pending} data-testid="token-create">
          Create token
        </button>
      </form>
      {state?.ok && state.data && (
        <div className="notice stack" role="status" data-testid="new-token-notice">
          <p>{state.message} Copy it now: it is shown only once.</p>
          <code className="secret" data-testid="new-token">
            {state.data.token}
          </code>
          <p>On the device:</p>
          <code className="secret">
            edgeseg-agent enroll --hub {hubUrl ?? "<hub URL>"} --token {state.data.token}
            {caFingerprint && ` --ca-fingerprint ${caFingerprint}`}
          </code>
        </div>
      )}
      {state && !state.ok && (
        <p role="alert" className="error">
          {state.error.message}
        </p>
      )}
    </div>
  );
}
