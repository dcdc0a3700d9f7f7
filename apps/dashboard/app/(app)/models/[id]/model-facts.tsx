import type { ModelCard } from "@edgeseg/db";
import type { ModelManifest } from "@edgeseg/engine-core";
import { formatDateTime } from "@/lib/format.ts";

/**
 * A 2D model's resized slice, or a 3D patch model's patch (sliding window), with its channels. Read
 * structurally: pipelines differ in where they keep their input size.
 */
function inputSize(manifest: ModelManifest): string {
  const pre = manifest.preprocessing as { resize?: readonly number[]; channels: number };
  const patch = (manifest as { slidingWindow?: { patchSize?: readonly number[] } }).slidingWindow?.patchSize;
  const dims = pre.resize ?? patch;
  const shape = dims ? `${dims.join(" × ")}${pre.resize ? "" : " (3D patch, sliding window)"}` : "—";
  return `${shape}, ${pre.channels} channel(s)`;
}

/** The manifest's fields a reader needs to judge the model, next to how it is preprocessed and run. */
export function ModelFacts({ card, manifest }: { card: ModelCard; manifest: ModelManifest | null }) {
  return (
    <div className="grid">
      <section className="card" aria-labelledby="about-heading" data-testid="model-card">
        <h2 id="about-heading" style={{ marginTop: 0 }}>
          About
        </h2>
        <dl className="facts">
          {manifest?.description && (
            <>
              <dt>Description</dt>
              <dd>{manifest.description}</dd>
            </>
          )}
          <dt>Family</dt>
          <dd>{card.family}</dd>
          <dt>Pipeline</dt>
          <dd className="mono">{card.pipeline}</dd>
          <dt>Trained</dt>
          <dd>{card.trained ? "yes" : "no"}</dd>
          <dt>Licence</dt>
          <dd data-testid="model-license">{card.license}</dd>
          <dt>Source</dt>
          <dd>{manifest?.source ?? "—"}</dd>
          <dt>Fine-tuning on device (manifest's claim)</dt>
          <dd data-testid="model-fine-tuning">
            <span
              className="badge"
              title="The manifest's word, not a measurement: see the measured figures below"
            >
              claims {card.fineTuningSupported ? "supported" : "not supported"}
            </span>{" "}
            {manifest?.fineTuning.notes}
          </dd>
          <dt>Registered</dt>
          <dd>{formatDateTime(card.createdAt)}</dd>
          <dt>Manifest sha256</dt>
          <dd className="mono" style={{ wordBreak: "break-all" }}>
            {card.manifestSha256}
          </dd>
        </dl>
      </section>
      {manifest && (
        <section className="card" aria-labelledby="io-heading" data-testid="model-io">
          <h2 id="io-heading" style={{ marginTop: 0 }}>
            Labels, preprocessing and graphs
          </h2>
          <dl className="facts">
            <dt>Labels</dt>
            <dd>
              {Object.entries(manifest.labels)
                .map(([value, organ]) => `${value} ${organ}`)
                .join(", ")}
            </dd>
            <dt>Intensity</dt>
            <dd className="mono">
              {manifest.preprocessing.intensity.kind === "ct-window"
                ? `CT window level ${manifest.preprocessing.intensity.level}, width ${manifest.preprocessing.intensity.width}`
                : manifest.preprocessing.intensity.kind}
            </dd>
            <dt>Input size</dt>
            <dd className="mono">{inputSize(manifest)}</dd>
            {Object.entries(manifest.graphs).map(([role, g]) => (
              <div key={role} style={{ display: "contents" }}>
                <dt>graphs.{role}</dt>
                <dd className="mono">
                  {g.inputs.map((t) => `${t.name} ${t.elementType}[${t.shape.join(", ")}]`).join(", ")} →{" "}
                  {g.outputs.map((t) => `${t.name} ${t.elementType}[${t.shape.join(", ")}]`).join(", ")}
                </dd>
              </div>
            ))}
          </dl>
        </section>
      )}
    </div>
  );
}
