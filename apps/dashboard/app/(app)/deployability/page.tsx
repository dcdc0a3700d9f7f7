import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { loadDeployability } from "@/lib/deployability/load.ts";
import { SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import { DeployTable } from "./deploy-table.tsx";

export const metadata: Metadata = { title: "Deployability" };

type Query = Record<string, string | string[] | undefined>;

export default async function DeployabilityPage({ searchParams }: { searchParams: Promise<Query> }) {
  const query = await searchParams;
  const classId = typeof query.class === "string" && query.class !== "" ? query.class : undefined;
  await requirePageRole("viewer", `/deployability${classId ? `?class=${encodeURIComponent(classId)}` : ""}`);
  const classes = await loadDeployability(await getDb(), classId);
  return (
    <>
      <h1>Deployability</h1>
      <p className="card" data-testid="deploy-rule">
        Which models can each device class run at all? Models benchmarked as skeletons (their weights filled
        on the device from recorded statistics) — <strong>{SYNTHETIC_LABEL}</strong>: their accuracy is not
        measured, so they are not on the leaderboard. Each device counts once by the median of its VALID runs;
        the class figure is the median across devices, judged against the class's memory and per-case budgets.
        One row per runtime setting: the settings that made a model fit are on its row.
      </p>
      {classes.length === 0 ? (
        <p className="muted" data-testid="deploy-none">
          No skeleton has run{classId ? ` on ${classId}` : ""} yet. Upload a model with “timing only” in a
          campaign, or run <span className="mono">edgeseg-agent skeleton strip</span> and bench the skeleton.
        </p>
      ) : (
        classes.map((c) => <DeployTable key={c.budgets.id} deployClass={c} />)
      )}
    </>
  );
}
