"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import { endCurrentSession, startSession } from "@/lib/auth/server.ts";
import { authenticate } from "@/lib/auth/users.ts";
import { prisma } from "@/lib/db.ts";
import { safeNext } from "@/lib/safe-next.ts";

/** After a failed attempt: the message, and the e-mail to refill (React resets the form after an action). */
export type LoginState = { error: string; email: string } | null;

const form = z.object({
  email: z.string().max(320),
  password: z.string().max(256),
  next: z.string().optional(),
});

export async function login(_previous: LoginState, data: FormData): Promise<LoginState> {
  const parsed = form.safeParse(Object.fromEntries(data));
  if (!parsed.success) return { error: "Enter your e-mail and password.", email: "" };
  const user = await authenticate(await prisma(), parsed.data.email, parsed.data.password);
  if (!user) return { error: "E-mail or password is wrong.", email: parsed.data.email };
  await startSession(user.id);
  redirect(safeNext(parsed.data.next));
}

export async function logout(): Promise<void> {
  await endCurrentSession();
  redirect("/login");
}
