import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/server.ts";
import { roleSchema } from "@/lib/auth/users.ts";

export const metadata: Metadata = { title: "Not allowed" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ need?: string }> }) {
  const user = await requirePageRole("viewer", "/forbidden");
  const need = roleSchema.safeParse((await searchParams).need);
  return (
    <section data-testid="forbidden">
      <h1>Not allowed</h1>
      <p>
        {need.success ? `That page needs the ${need.data} role` : "That page needs a higher role"}, and you
        are signed in as {user.email} ({user.role}). Ask an admin for access.
      </p>
    </section>
  );
}
