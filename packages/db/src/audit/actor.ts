import { userInfo } from "node:os";

/** Who made a change: a dashboard user (id and e-mail) or an operator at the hub's command line. */
export interface AuditActor {
  userId: string | null;
  /** The user's e-mail at the time of the change, or `cli:<os user>`. */
  label: string;
}

export function userActor(user: { id: string; email: string }): AuditActor {
  return { userId: user.id, label: user.email };
}

/** The operating-system account running an admin command (`cli:root`, `cli:edgeseg`). */
export function cliActor(env: NodeJS.ProcessEnv = process.env): AuditActor {
  let name: string | undefined;
  try {
    name = userInfo().username;
  } catch {
    // A uid without a passwd entry (some containers): fall back to what the shell says, then the uid.
    name = env.USER ?? env.LOGNAME ?? (process.getuid ? `uid-${process.getuid()}` : undefined);
  }
  return { userId: null, label: `cli:${name || "unknown"}` };
}
