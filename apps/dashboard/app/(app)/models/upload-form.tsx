"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

type Outcome =
  | { ok: true; modelId: string; version: string; created: boolean; manifestSha256: string }
  | { ok: false; message: string };

/**
 * Posts the manifest and ONNX file(s) to POST /api/models as multipart/form-data (a route handler, not
 * a server action: server actions buffer bodies and cap them at 1 MB; the handler streams to disk).
 */
export function UploadForm({ maxMb }: { maxMb: number }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setPending(true);
    setOutcome(null);
    try {
      const response = await fetch("/api/models", { method: "POST", body: new FormData(form) });
      const body = (await response.json().catch(() => null)) as
        | { modelId: string; version: string; created: boolean; manifestSha256: string }
        | { error?: { message?: string } }
        | null;
      if (response.ok && body && "modelId" in body) {
        setOutcome({ ok: true, ...body });
        form.reset();
        router.refresh();
      } else {
        const message = body && "error" in body ? body.error?.message : undefined;
        setOutcome({ ok: false, message: message ?? `upload failed (HTTP ${response.status})` });
      }
    } catch (error) {
      setOutcome({ ok: false, message: `upload failed: ${(error as Error).message}` });
    } finally {
      setPending(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack card" aria-label="Upload a model" data-testid="upload-form">
      <p className="muted" style={{ margin: 0 }}>
        The manifest (manifest.json) and every ONNX file it names, up to {maxMb} MB in all. The files are
        checked against the manifest's sha256, and each graph is loaded with ONNX Runtime and compared with
        the manifest's inputs and outputs before anything is registered. With “timing only”, each graph is
        stripped to its skeleton and only the skeleton is stored and sent to devices (registered as version
        “…-skeleton”): devices fill synthetic weights and measure time and memory, not accuracy.
      </p>
      <div className="row">
        <label>
          Manifest
          <input
            name="manifest"
            type="file"
            accept=".json,application/json"
            required
            data-testid="upload-manifest"
          />
        </label>
        <label>
          ONNX file(s)
          <input name="files" type="file" accept=".onnx" multiple required data-testid="upload-files" />
        </label>
        <label title="docs/skeletons.md">
          <input name="timingOnly" type="checkbox" data-testid="upload-timing-only" /> Timing only: keep a
          skeleton (graph and weight statistics), discard the weights
        </label>
        <button type="submit" disabled={pending} data-testid="upload-submit">
          {pending ? "Checking…" : "Upload and register"}
        </button>
      </div>
      {outcome?.ok && (
        <p role="status" data-testid="upload-result" data-model-id={outcome.modelId}>
          {outcome.created ? "Registered" : "Already registered, unchanged:"}{" "}
          <Link
            href={`/models/${encodeURIComponent(outcome.modelId)}?version=${encodeURIComponent(outcome.version)}`}
          >
            {outcome.modelId}@{outcome.version}
          </Link>{" "}
          <span className="muted mono">manifest sha256 {outcome.manifestSha256}</span>
        </p>
      )}
      {outcome && !outcome.ok && (
        <p role="alert" className="error" data-testid="upload-error">
          {outcome.message}
        </p>
      )}
    </form>
  );
}
