"use client";

import { useRef } from "react";
import { useChart } from "./use-chart.ts";

export interface ParetoPointView {
  label: string;
  /** Mean DSC. */
  accuracy: number;
  /** Mean per-case time, ms. */
  timeMs: number;
  onFront: boolean;
}

/**
 * Accuracy (mean DSC, up is better) against per-case time (left is better): every ranked model as a
 * point, the Pareto front's points highlighted and joined in time order.
 */
export function ParetoChart({ points }: { points: ParetoPointView[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const front = points.filter((p) => p.onFront).sort((a, b) => a.timeMs - b.timeMs);
  const xy = (p: ParetoPointView) => ({ x: p.timeMs / 1000, y: p.accuracy, label: p.label });
  useChart(
    canvas,
    () => ({
      type: "scatter",
      data: {
        datasets: [
          {
            label: "Pareto front",
            data: front.map(xy),
            showLine: true,
            borderColor: "#0b63c5",
            backgroundColor: "#0b63c5",
            pointRadius: 6,
            borderWidth: 2,
          },
          {
            label: "dominated",
            data: points.filter((p) => !p.onFront).map(xy),
            borderColor: "#8a949e",
            backgroundColor: "#8a949e",
            pointRadius: 5,
          },
        ],
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          x: { type: "linear", title: { display: true, text: "mean time per case (s), lower is better" } },
          y: { title: { display: true, text: "mean DSC, higher is better" }, suggestedMax: 1 },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: (item) => {
                const raw = item.raw as { x: number; y: number; label: string };
                return `${raw.label}: DSC ${raw.y.toFixed(3)}, ${raw.x.toFixed(2)} s per case`;
              },
            },
          },
        },
      },
    }),
    JSON.stringify(points),
  );
  const describe =
    points.length === 0
      ? "No model has both a mean DSC and a per-case time."
      : `Pareto front, fastest first: ${front.map((p) => `${p.label} (DSC ${p.accuracy.toFixed(3)}, ${(p.timeMs / 1000).toFixed(2)} s)`).join("; ")}.`;
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <strong>Accuracy against time per case</strong>{" "}
        <span className="muted">— the Pareto front: no other model is both more accurate and faster</span>
      </figcaption>
      <div className="chart" style={{ height: 300 }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={describe}
          data-testid="pareto-chart"
          data-points={points.length}
          data-front={front.map((p) => p.label).join(" ")}
        />
      </div>
    </figure>
  );
}
