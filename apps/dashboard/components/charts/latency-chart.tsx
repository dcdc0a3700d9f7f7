"use client";

import { useRef } from "react";
import { useChart } from "./use-chart.ts";

export interface LatencyView {
  label: string;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
}

/** SingleStream inference latency per model: p50, p90 and p99 side by side (MLPerf LoadGen's percentiles). */
export function LatencyChart({ models }: { models: LatencyView[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const series = [
    { label: "p50", color: "#1a7f37", pick: (m: LatencyView) => m.p50Ms },
    { label: "p90", color: "#9a6700", pick: (m: LatencyView) => m.p90Ms },
    { label: "p99", color: "#b42318", pick: (m: LatencyView) => m.p99Ms },
  ];
  useChart(
    canvas,
    () => ({
      type: "bar",
      data: {
        labels: models.map((m) => m.label),
        datasets: series.map((s) => ({
          label: s.label,
          data: models.map(s.pick),
          backgroundColor: s.color,
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: "latency per inference (ms)" } } },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: { label: (item) => `${item.dataset.label}: ${Number(item.raw).toFixed(1)} ms` },
          },
        },
      },
    }),
    JSON.stringify(models),
  );
  const describe = models
    .map((m) => `${m.label}: p50 ${fmt(m.p50Ms)}, p90 ${fmt(m.p90Ms)}, p99 ${fmt(m.p99Ms)}`)
    .join("; ");
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <strong>Inference latency</strong>{" "}
        <span className="muted">— SingleStream p50 / p90 / p99 per model</span>
      </figcaption>
      <div className="chart" style={{ height: 300 }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Inference latency percentiles. ${describe || "No latencies reported."}`}
          data-testid="latency-chart"
          data-points={models.length}
        />
      </div>
    </figure>
  );
}

const fmt = (ms: number | null) => (ms === null ? "not reported" : `${ms.toFixed(1)} ms`);
