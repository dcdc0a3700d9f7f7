"use server";

import { randomBytes } from "node:crypto";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { type ActionState, runAction } from "@/lib/action.ts";
import { approveDevice, rejectDevice, setDeviceDisabled } from "@/lib/admin/devices.ts";
import { createEnrollmentToken, revokeEnrollmentToken } from "@/lib/admin/tokens.ts";
import { createUser, emailSchema, roleSchema } from "@/lib/auth/users.ts";
import { prisma } from "@/lib/db.ts";
import { formatDateTime } from "@/lib/format.ts";

// Every action here checks the admin role on the server through runAction, whatever the page showed.

const idForm = z.object({ id: z.string().min(1).max(200) });
const readId = (form: FormData) => idForm.parse({ id: form.get("id") }).id;

function done(message: string): ActionState {
  revalidatePath("/", "layout"); // fleet, admin and device pages all show device status
  return { ok: true, message };
}

export async function createTokenAction(
  _previous: ActionState<{ token: string }>,
  form: FormData,
): Promise<ActionState<{ token: string }>> {
  return runAction("admin", async (user) => {
    const token = await createEnrollmentToken(await prisma(), {
      expiresInHours: z.coerce.number().parse(form.get("expiresInHours")),
      requiresApproval: form.get("requiresApproval") === "on",
      createdById: user.id,
    });
    revalidatePath("/admin");
    return {
      ok: true,
      message: `Token created; it expires ${formatDateTime(token.expiresAt)}${token.requiresApproval ? " and devices enrolled with it wait for approval" : ""}.`,
      data: { token: token.token },
    };
  });
}

export async function revokeTokenAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async () => {
    await revokeEnrollmentToken(await prisma(), readId(form));
    return done("Token revoked.");
  });
}

export async function approveDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async () => {
    const id = readId(form);
    await approveDevice(await prisma(), id);
    return done(`Device ${id} approved.`);
  });
}

export async function rejectDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async () => {
    const id = readId(form);
    await rejectDevice(await prisma(), id);
    return done(`Device ${id} rejected and removed.`);
  });
}

export async function disableDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async () => {
    const id = readId(form);
    await setDeviceDisabled(await prisma(), id, true);
    return done(`Device ${id} disabled.`);
  });
}

export async function enableDeviceAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("admin", async () => {
    const id = readId(form);
    await setDeviceDisabled(await prisma(), id, false);
    return done(`Device ${id} enabled.`);
  });
}

const userForm = z.object({ email: emailSchema, role: roleSchema, password: z.string().max(256) });

export async function createUserAction(
  _previous: ActionState<{ email: string; password: string | null }>,
  form: FormData,
): Promise<ActionState<{ email: string; password: string | null }>> {
  return runAction("admin", async () => {
    const input = userForm.parse(Object.fromEntries(form));
    const generated = input.password === "" ? randomBytes(15).toString("base64url") : null;
    const user = await createUser(await prisma(), { ...input, password: generated ?? input.password });
    revalidatePath("/admin");
    return {
      ok: true,
      message: `User ${user.email} created as ${user.role}.`,
      data: { email: user.email, password: generated },
    };
  });
}
