import { modelRegistry } from "@edgeseg/db";
import type { Metadata } from "next";
import Link from "next/link";
import { hasRole } from "@/lib/auth/roles.ts";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { formatDateTime } from "@/lib/format.ts";
import { DEFAULT_UPLOAD_LIMITS } from "@/lib/ranking/models/upload-limits.ts";
import { UploadForm } from "./upload-form.tsx";

export const metadata: Metadata = { title: "Models" };

export default async function ModelsPage() {
  const user = await requirePageRole("viewer", "/models");
  const models = await modelRegistry(await getDb());
  return (
    <>
      <h1>Models</h1>
      {hasRole(user.role, "researcher") && (
        <section aria-labelledby="upload-heading">
          <h2 id="upload-heading">Upload a model</h2>
          <UploadForm maxMb={DEFAULT_UPLOAD_LIMITS.maxBytes / (1024 * 1024)} />
        </section>
      )}
      <h2>Registry</h2>
      <div className="table-wrap">
        <table data-testid="model-table">
          <caption>Every registered model version</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              <th scope="col">Version</th>
              <th scope="col">Family</th>
              <th scope="col">Pipeline</th>
              <th scope="col">Trained</th>
              <th scope="col">Licence</th>
              <th scope="col">Fine-tuning on device</th>
              <th scope="col" className="num">
                Results
              </th>
              <th scope="col">Registered</th>
            </tr>
          </thead>
          <tbody>
            {models.length === 0 && (
              <tr>
                <td colSpan={9} className="muted">
                  No models registered yet.
                </td>
              </tr>
            )}
            {models.map((m) => (
              <tr
                key={`${m.id}@${m.version}`}
                data-testid="model-row"
                data-model-id={m.id}
                data-version={m.version}
              >
                <th scope="row">
                  <Link href={`/models/${encodeURIComponent(m.id)}?version=${encodeURIComponent(m.version)}`}>
                    {m.id}
                  </Link>
                  {m.name !== m.id && <div className="muted">{m.name}</div>}
                </th>
                <td className="mono">{m.version}</td>
                <td>{m.family}</td>
                <td className="mono">{m.pipeline}</td>
                <td>{m.trained ? "yes" : <span className="badge warn">untrained</span>}</td>
                <td>{m.license}</td>
                <td>
                  <span className={`badge ${m.fineTuningSupported ? "ok" : ""}`}>
                    {m.fineTuningSupported ? "supported" : "not supported"}
                  </span>
                </td>
                <td className="num" data-testid="model-results">
                  {m.results}
                </td>
                <td>{formatDateTime(m.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
