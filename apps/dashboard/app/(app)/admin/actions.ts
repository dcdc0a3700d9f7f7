"use server";

import { randomBytes } from "node:crypto";
import { userActor } from "@edgeseg/db";
import { type DeviceAction, revokeEnrollmentToken, rotateDeviceSecret } from "@edgeseg/registry";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionState, runAction } from "@/lib/action.ts";
import { applyDeviceAction, deviceActionMessage } from "@/lib/admin/devices.ts";
import { createTokenFromForm } from "@/lib/admin/tokens.ts";
import { revokeUserSessions, setUserPassword, setUserRole } from "@/lib/admin/users.ts";
import { createUser, emailSchema, roleSchema } from "@/lib/auth/users.ts";
import { getDb, prisma } from "@/lib/db.ts";
import { formatDateTime, plural } from "@/lib/format.ts";

// Every action here checks the admin role on the server through runAction, whatever the page showed,
// and records who did it in the audit trail (packages/db withAudit).

const idForm = z.object({ id: z.string().min(1).max(200) });
const readId = (form: FormData) => idForm.parse({ id: form.get("id") }).id;
const generatedPassword = () => randomBytes(15).toString("base64url");

function done(message: string): ActionState {
  revalidatePath("/", "layout"); // fleet, admin and device pages all show device status
  return { ok: true, message };
}

export async function createTokenAction(
  _previous: ActionState<{ token: string }>,
  form: FormData,
): Promise<ActionState<{ token: string }>> {
  return runAction("admin", async (user) => {
    const token = await createTokenFromForm(
      await getDb(),
      {
        expiresInHours: z.coerce.number().parse(form.get("expiresInHours")),
        requiresApproval: form.get("requiresApproval") === "on",
        createdById: user.id,
      },
      userActor(user),
    );
    revalidatePath("/admin");
    return {
      ok: true,
      message: `Token created; it expires ${formatDateTime(token.expiresAt)}${token.requiresApproval ? " and devices enrolled with it wait for approval" : ""}.`,
      data: { token: token.token },
    };
  });
}

export async function revokeTokenAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async (user) => {
    await revokeEnrollmentToken(await getDb(), readId(form), { actor: userActor(user) });
    return done("Token revoked.");
  });
}

/** Every device button goes through the registry's transition table (lib/admin/devices.ts). */
function deviceAction(action: DeviceAction) {
  return (form: FormData): Promise<ActionState> =>
    runAction("admin", async (user) => {
      const change = await applyDeviceAction(await getDb(), readId(form), action, userActor(user));
      return done(deviceActionMessage(change));
    });
}

export async function approveDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return deviceAction("approve")(form);
}

export async function rejectDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return deviceAction("remove")(form);
}

export async function disableDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return deviceAction("disable")(form);
}

export async function enableDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return deviceAction("enable")(form);
}

export async function rotateSecretAction(
  _previous: ActionState<{ secret: string }>,
  form: FormData,
): Promise<ActionState<{ secret: string }>> {
  return runAction("admin", async (user) => {
    const id = readId(form);
    const rotated = await rotateDeviceSecret(await getDb(), id, { actor: userActor(user) });
    return {
      ok: true,
      message: `New secret for ${id}: the old one is refused from now on and the hub disconnects the device within seconds.`,
      data: { secret: rotated.secret },
    };
  });
}

const userForm = z.object({ email: emailSchema, role: roleSchema, password: z.string().max(256) });

export async function createUserAction(
  _previous: ActionState<{ email: string; password: string | null }>,
  form: FormData,
): Promise<ActionState<{ email: string; password: string | null }>> {
  return runAction("admin", async (admin) => {
    const input = userForm.parse(Object.fromEntries(form));
    const generated = input.password === "" ? generatedPassword() : null;
    const user = await createUser(
      await prisma(),
      { ...input, password: generated ?? input.password },
      userActor(admin),
    );
    revalidatePath("/admin");
    return {
      ok: true,
      message: `User ${user.email} created as ${user.role}.`,
      data: { email: user.email, password: generated },
    };
  });
}

export async function setRoleAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async (admin) => {
    const changed = await setUserRole(
      await prisma(),
      readId(form),
      roleSchema.parse(form.get("role")),
      userActor(admin),
    );
    revalidatePath("/admin");
    return {
      ok: true,
      message:
        changed.before === changed.role
          ? `${changed.email} is already a ${changed.role}.`
          : `${changed.email} is now a ${changed.role} (was ${changed.before}).`,
    };
  });
}

export async function resetPasswordAction(
  _previous: ActionState<{ secret: string }>,
  form: FormData,
): Promise<ActionState<{ secret: string }>> {
  return runAction("admin", async (admin) => {
    const password = generatedPassword();
    const reset = await setUserPassword(await prisma(), readId(form), password, userActor(admin));
    revalidatePath("/admin");
    return {
      ok: true,
      message: `New password for ${reset.email}; ${plural(reset.endedSessions, "session")} ended.`,
      data: { secret: password },
    };
  });
}

export async function revokeSessionsAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async (admin) => {
    const ended = await revokeUserSessions(await prisma(), readId(form), userActor(admin));
    revalidatePath("/admin");
    return {
      ok: true,
      message: `${plural(ended.endedSessions, "session")} of ${ended.email} ended: their next request needs a new log-in.`,
    };
  });
}
