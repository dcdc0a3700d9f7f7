import "server-only";
import type { Role } from "@edgeseg/db";
import type { ErrorCode } from "@edgeseg/protocol";
import { unstable_rethrow } from "next/navigation";
import { requireRole } from "./auth/server.ts";
import type { SessionUser } from "./auth/session-user.ts";
import { toAppError } from "./errors.ts";
import { log } from "./log.ts";

/** What a form's server action returns to `useActionState`: a message to show, or an error. */
export type ActionState<T = undefined> =
  | { ok: true; message: string; data?: T }
  | { ok: false; error: { code: ErrorCode; message: string } }
  | null;

/**
 * Runs a server action's body after checking the role on the server, and turns any thrown error into
 * an ActionState the form can show (production builds hide thrown messages from the browser).
 * Wrap every writing action:
 *
 *   export async function approve(_: ActionState, form: FormData) {
 *     return runAction("admin", async (user) => { ...; return { ok: true, message: "approved" }; });
 *   }
 */
export async function runAction<T>(
  role: Role,
  body: (user: SessionUser) => Promise<ActionState<T>>,
): Promise<ActionState<T>> {
  try {
    return await body(await requireRole(role));
  } catch (error) {
    unstable_rethrow(error); // redirect() and notFound() are control flow, not failures
    const appError = toAppError(error);
    if (appError.code === "INTERNAL") log().error({ err: error }, "server action failed");
    return { ok: false, error: { code: appError.code, message: appError.message } };
  }
}
