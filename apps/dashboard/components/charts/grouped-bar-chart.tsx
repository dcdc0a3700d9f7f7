"use client";

import { useRef } from "react";
import { PALETTE, useChart } from "./use-chart.ts";

export interface GroupedBars {
  /** One group per category (e.g. model). */
  categories: string[];
  /** One bar per series (e.g. device class) in each group; null where there is no value. */
  series: { label: string; values: (number | null)[] }[];
}

/** A grouped bar chart: categories along x, one coloured bar per series. */
export function GroupedBarChart({
  title,
  note,
  unit,
  data,
  testId,
  logScale = false,
}: {
  title: string;
  note?: string;
  unit: string;
  data: GroupedBars;
  testId: string;
  /** A logarithmic value axis, for values spanning orders of magnitude (per-case times across classes). */
  logScale?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useChart(
    canvas,
    () => ({
      type: "bar",
      data: {
        labels: data.categories,
        datasets: data.series.map((s, i) => ({
          label: s.label,
          data: s.values,
          backgroundColor: PALETTE[i % PALETTE.length],
        })),
      },
      options: {
        animation: false,
        maintainAspectRatio: false,
        scales: {
          y: logScale
            ? { type: "logarithmic", title: { display: true, text: `${unit} (log scale)` } }
            : { beginAtZero: true, title: { display: true, text: unit } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: (item) =>
                item.raw === null
                  ? `${item.dataset.label}: no result`
                  : `${item.dataset.label}: ${Number(item.raw).toFixed(2)} ${unit}`,
            },
          },
        },
      },
    }),
    JSON.stringify(data),
  );
  const describe = data.categories
    .map(
      (c, i) =>
        `${c}: ${data.series.map((s) => `${s.label} ${s.values[i] === null ? "no result" : `${s.values[i]?.toFixed(2)} ${unit}`}`).join(", ")}`,
    )
    .join("; ");
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong> {note && <span className="muted">— {note}</span>}
      </figcaption>
      <div className="chart" style={{ height: 300 }}>
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}. ${describe}`}
          data-testid={testId}
          data-points={data.series.reduce((n, s) => n + s.values.filter((v) => v !== null).length, 0)}
        />
      </div>
    </figure>
  );
}
