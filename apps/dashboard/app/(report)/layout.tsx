import type { ReactNode } from "react";
import { requirePageRole } from "@/lib/auth/server.ts";
import "./report.css";

/** Reports stand alone: no navigation (they are printed and attached), only the report. */
export default async function ReportLayout({ children }: { children: ReactNode }) {
  await requirePageRole("viewer");
  return <main>{children}</main>;
}
