"use client";

import { useActionState } from "react";
import { type LoginState, login } from "./actions.ts";

export function LoginForm({ next }: { next: string }) {
  const [state, action, pending] = useActionState<LoginState, FormData>(login, null);
  return (
    <form action={action} className="card stack" data-testid="login-form">
      <input type="hidden" name="next" value={next} />
      <label>
        E-mail
        <input
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state?.email}
          data-testid="login-email"
        />
      </label>
      <label>
        Password
        <input
          name="password"
          type="password"
          autoComplete="current-password"
          required
          data-testid="login-password"
        />
      </label>
      {state?.error && (
        <p role="alert" className="error" data-testid="login-error">
          {state.error}
        </p>
      )}
      <button type="submit" disabled={pending} data-testid="login-submit">
        {pending ? "Logging in…" : "Log in"}
      </button>
    </form>
  );
}
