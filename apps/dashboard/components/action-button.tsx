"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";

type Action = (previous: ActionState, form: FormData) => Promise<ActionState>;

/**
 * One button that runs a server action for one record (hidden `id` field) and shows its outcome next
 * to it. `confirm` asks first, for actions that cannot be undone.
 */
export function ActionButton({
  action,
  id,
  label,
  variant,
  confirm,
  testId,
}: {
  action: Action;
  id: string;
  label: string;
  variant?: "secondary" | "danger";
  confirm?: string;
  testId?: string;
}) {
  const [state, run, pending] = useActionState<ActionState, FormData>(action, null);
  return (
    <form
      action={run}
      className="inline-form"
      onSubmit={(e) => {
        if (confirm && !window.confirm(confirm)) e.preventDefault();
      }}
    >
      <input type="hidden" name="id" value={id} />
      <button type="submit" className={variant} disabled={pending} data-testid={testId}>
        {label}
      </button>
      {state && !state.ok && (
        <span role="alert" className="error">
          {" "}
          {state.error.message}
        </span>
      )}
    </form>
  );
}
