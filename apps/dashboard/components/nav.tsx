"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";

const links = [
  { href: "/", label: "Fleet" },
  { href: "/leaderboard", label: "Leaderboard" },
  { href: "/compare", label: "Compare" },
  { href: "/deployability", label: "Deployability" },
  { href: "/models", label: "Models" },
  { href: "/campaigns", label: "Campaigns" },
] as const;

export function Nav({ isAdmin }: { isAdmin: boolean }) {
  const path = usePathname();
  const items = isAdmin
    ? [...links, { href: "/admin", label: "Admin" }, { href: "/admin/audit", label: "Audit" }]
    : links;
  const active = (href: string) =>
    href === "/"
      ? path === "/" || path.startsWith("/devices")
      : href === "/admin"
        ? path.startsWith(href) && !path.startsWith("/admin/audit")
        : path.startsWith(href);
  return (
    <nav aria-label="Main">
      <ul>
        {items.map((link) => (
          <li key={link.href}>
            <Link
              href={link.href}
              aria-current={active(link.href) ? "page" : undefined}
              data-testid={`nav-${link.label.toLowerCase()}`}
            >
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
