import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/server.ts";

export const metadata: Metadata = { title: "Fleet" };

export default async function FleetPage() {
  await requirePageRole("viewer", "/");
  return <h1>Fleet</h1>;
}
