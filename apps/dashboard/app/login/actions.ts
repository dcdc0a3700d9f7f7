"use server";

import { isAppError } from "@edgeseg/protocol";
import { redirect } from "next/navigation";
import { z } from "zod";
import { endCurrentSession, logIn } from "@/lib/auth/server.ts";
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
  let user: Awaited<ReturnType<typeof logIn>>;
  try {
    user = await logIn(parsed.data.email, parsed.data.password);
  } catch (error) {
    // Rate limits (429/503) and a plain-http log-in from another machine: say why, keep the e-mail.
    if (isAppError(error)) return { error: error.message, email: parsed.data.email };
    throw error;
  }
  if (!user) return { error: "E-mail or password is wrong.", email: parsed.data.email };
  redirect(safeNext(parsed.data.next));
}

export async function logout(): Promise<void> {
  await endCurrentSession();
  redirect("/login");
}
