"use client";

import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";
import { roleDescriptions, roleOrder } from "@/lib/auth/roles.ts";
import { createUserAction } from "./actions.ts";

type State = ActionState<{ email: string; password: string | null }>;

export function UserForm() {
  const [state, action, pending] = useActionState<State, FormData>(createUserAction, null);
  return (
    <div className="stack">
      <form action={action} className="row card" aria-label="Create a user" data-testid="user-form">
        <label>
          E-mail
          <input name="email" type="email" required autoComplete="off" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {roleOrder.map((r) => (
              <option key={r} value={r}>
                {r} — {roleDescriptions[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Password (empty: generate one)
          <input name="password" type="password" autoComplete="new-password" minLength={8} />
        </label>
        <button type="submit" disabled={pending} data-testid="user-create">
          Create user
        </button>
      </form>
      {state?.ok && (
        <div className="notice" role="status" data-testid="new-user-notice">
          <p>{state.message}</p>
          {state.data?.password && (
            <p>
              Generated password, shown only once:{" "}
              <code className="secret" data-testid="new-user-password">
                {state.data.password}
              </code>
            </p>
          )}
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
