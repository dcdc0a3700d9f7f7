import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/server.ts";
import { safeNext } from "@/lib/safe-next.ts";
import { LoginForm } from "./login-form.tsx";

export const metadata: Metadata = { title: "Log in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const next = safeNext((await searchParams).next);
  if (await currentUser()) redirect(next);
  return (
    <main className="login">
      <h1>edgeseg</h1>
      <p className="muted">Segmentation models on clinic hardware. Log in to continue.</p>
      <LoginForm next={next} />
    </main>
  );
}
