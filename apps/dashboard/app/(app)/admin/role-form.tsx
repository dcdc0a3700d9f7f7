"use client";

import type { Role } from "@edgeseg/db";
import { useActionState } from "react";
import type { ActionState } from "@/lib/action.ts";
import { roleOrder } from "@/lib/auth/roles.ts";
import { setRoleAction } from "./actions.ts";

/** A user's role as a select and a button; applies from the user's next request. */
export function RoleForm({ id, role }: { id: string; role: Role }) {
  const [state, run, pending] = useActionState<ActionState, FormData>(setRoleAction, null);
  return (
    <form action={run} className="inline-form" data-testid="role-form">
      <input type="hidden" name="id" value={id} />
      <select name="role" defaultValue={role} aria-label="Role">
        {roleOrder.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>{" "}
      <button type="submit" className="secondary" disabled={pending} data-testid="role-save">
        Change
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
