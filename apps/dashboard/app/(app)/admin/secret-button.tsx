"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";

type Action = (
  previous: ActionState<{ secret: string }>,
  form: FormData,
) => Promise<ActionState<{ secret: string }>>;

/**
 * A button whose server action issues a new secret (a device secret, a user's password) for one record
 * and shows it this once, with what to do with it. `confirm` asks first: the old secret stops working.
 */
export function SecretButton({
  action,
  id,
  label,
  confirm,
  hint,
  testId,
}: {
  action: Action;
  id: string;
  label: string;
  confirm: string;
  hint: string;
  testId: string;
}) {
  const [state, run, pending] = useActionState<ActionState<{ secret: string }>, FormData>(action, null);
  return (
    <form
      action={run}
      className="inline-form"
      onSubmit={(e) => {
        if (!window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="secondary" disabled={pending} data-testid={testId}>
        {label}
      </button>
      {state?.ok && state.data && (
        <div className="notice stack" role="status" data-testid={`${testId}-notice`}>
          <p>{state.message} Copy it now: it is shown only once.</p>
          <code className="secret" data-testid={`${testId}-secret`}>
            {state.data.secret}
          </code>
          <p className="muted">{hint}</p>
        </div>
      )}
      {state && !state.ok && (
        <span role="alert" className="error">
          {" "}
          {state.error.message}
        </span>
      )}
    </form>
  );
}
