import type { ReactNode } from "react";
import { logout } from "@/app/login/actions.ts";
import { Nav } from "@/components/nav.tsx";
import { requirePageRole } from "@/lib/auth/server.ts";

/** Every signed-in page: header with navigation and the user. Pages check the role themselves too. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await requirePageRole("viewer");
  return (
    <>
      <header className="topbar">
        <a className="brand" href="/">
          edgeseg
        </a>
        <Nav isAdmin={user.role === "admin"} />
        <form action={logout} className="user">
          <span data-testid="current-user">
            {user.email} <span className="badge">{user.role}</span>
          </span>
          <button type="submit" className="link" data-testid="logout">
            Log out
          </button>
        </form>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
