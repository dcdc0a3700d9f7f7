import { modelCard } from "@edgeseg/db";
import { modelManifestSchema } from "@edgeseg/engine-core";
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requirePageRole } from "@/lib/auth/server.ts";
import { loadModelConsistency } from "@/lib/consistency/load-consistency.ts";
import { getDb } from "@/lib/db.ts";
import { SYNTHETIC_LABEL } from "@/lib/deployability/view.ts";
import { formatDateTime, formatMs, formatNumber } from "@/lib/format.ts";
import { measuredConstraints } from "@/lib/ranking/measured-constraints.ts";
import { ConsistencyTable } from "./consistency-table.tsx";
import { MeasuredConstraintsTable } from "./measured-constraints-table.tsx";
import { ModelFacts } from "./model-facts.tsx";

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Model ${decode((await params).id)}` };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const id = decode((await params).id);
  const v = (await searchParams).version;
  const version = typeof v === "string" && v !== "" ? v : undefined;
  await requirePageRole(
    "viewer",
    `/models/${encodeURIComponent(id)}${version ? `?version=${encodeURIComponent(version)}` : ""}`,
  );
  const db = await getDb();
  const card = await modelCard(db, id, version);
  if (!card) notFound();
  const consistency = await loadModelConsistency(db, card.id, card.version);
  const classRows = await db.prisma.deviceClass.findMany({
    where: { id: { in: [...new Set(card.fleet.map((f) => f.deviceClassId))] } },
  });
  const measured = measuredConstraints(card, classRows);
  const parsed = modelManifestSchema.safeParse(card.manifest);
  const manifest = parsed.success ? parsed.data : null;
  return (
    <>
      <h1 data-testid="model-name">
        {manifest?.name ?? card.id}{" "}
        <span className="muted mono" data-testid="model-version">
          {card.id}@{card.version}
        </span>
      </h1>
      <section className="notice" aria-labelledby="intended-use" data-testid="model-intended-use">
        <h2 id="intended-use" style={{ marginTop: 0 }}>
          Intended use
        </h2>
        <p style={{ marginBottom: 0 }}>{manifest?.intendedUse || "The manifest states no intended use."}</p>
        {!card.trained && (
          <p style={{ marginBottom: 0 }}>
            <strong>This model is not trained:</strong> it exists to exercise the engine, not to segment
            patients.
          </p>
        )}
      </section>
      {card.versions.length > 1 && (
        <p data-testid="model-versions">
          Versions:{" "}
          {card.versions.map((ver, i) => (
            <span key={ver}>
              {i > 0 && ", "}
              {ver === card.version ? (
                <strong>{ver}</strong>
              ) : (
                <Link
                  href={`/models/${encodeURIComponent(card.id)}?version=${encodeURIComponent(ver)}`}
                  data-testid="model-version-link"
                >
                  {ver}
                </Link>
              )}
            </span>
          ))}
        </p>
      )}
      <ModelFacts card={card} manifest={manifest} />
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">Files</h2>
        <div className="table-wrap">
          <table data-testid="model-files">
            <caption>Content-addressed: agents fetch each file by its sha256 and verify it</caption>
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">File</th>
                <th scope="col">sha256</th>
                <th scope="col" className="num">
                  Size
                </th>
              </tr>
            </thead>
            <tbody>
              {card.files.map((f) => (
                <tr key={`${f.role}/${f.sha256}`} data-testid="model-file" data-sha256={f.sha256}>
                  <td>{f.role}</td>
                  <td className="mono">{f.file}</td>
                  <td className="mono" style={{ wordBreak: "break-all" }}>
                    {f.sha256}
                  </td>
                  <td className="num">
                    {f.size === null ? <span className="badge bad">not in the store</span> : `${f.size} B`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <section aria-labelledby="class-results-heading">
        <h2 id="class-results-heading">Results by device class</h2>
        <div className="table-wrap">
          <table data-testid="model-class-results">
            <caption>
              Every suite; best DSC and fastest time among VALID results (not necessarily the same run)
            </caption>
            <thead>
              <tr>
                <th scope="col">Device class</th>
                <th scope="col" className="num">
                  Results
                </th>
                <th scope="col" className="num">
                  VALID
                </th>
                <th scope="col" className="num">
                  Best mean DSC
                </th>
                <th scope="col" className="num">
                  Fastest per case
                </th>
                <th scope="col">Last run</th>
              </tr>
            </thead>
            <tbody>
              {card.byClass.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    No results for this version yet.
                  </td>
                </tr>
              )}
              {card.byClass.map((c) => (
                <tr key={c.deviceClassId} data-testid="model-class-row" data-class={c.deviceClassId}>
                  <th scope="row">
                    <Link href={`/leaderboard?class=${encodeURIComponent(c.deviceClassId)}`}>
                      {c.deviceClassId}
                    </Link>
                  </th>
                  <td className="num">
                    {c.results}
                    {c.synthetic.runs > 0 && (
                      <div
                        className="muted"
                        style={{ fontSize: "0.8rem" }}
                        data-testid="model-class-synthetic"
                      >
                        {c.synthetic.runs} with {SYNTHETIC_LABEL}
                      </div>
                    )}
                  </td>
                  <td className="num">{c.valid}</td>
                  <td className="num">{formatNumber(c.bestDice, 3)}</td>
                  <td className="num" data-testid="model-class-fastest">
                    {formatMs(c.fastestMs)}
                    {c.synthetic.fastestMs !== null && c.synthetic.fastestMs === c.fastestMs && (
                      <div>
                        <span className="badge warn" data-testid="synthetic-weights">
                          {SYNTHETIC_LABEL}
                        </span>
                      </div>
                    )}
                  </td>
                  <td>{formatDateTime(c.lastRunAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      <MeasuredConstraintsTable rows={measured} />
      <ConsistencyTable rows={consistency} />
      <details>
        <summary>Manifest as registered (sha256 {card.manifestSha256})</summary>
        <pre className="mono" data-testid="model-manifest">
          {JSON.stringify(card.manifest, null, 2)}
        </pre>
      </details>
    </>
  );
}
