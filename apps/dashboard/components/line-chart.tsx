"use client";

import {
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { useEffect, useRef } from "react";

// Register only what line charts use (chart.js is tree-shakable; the registry is global and idempotent).
Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip, Filler);

export interface Series {
  label: string;
  color: string;
  /** x: Unix milliseconds; y: null for a gap. */
  points: { x: number; y: number | null }[];
}

export interface LineChartProps {
  title: string;
  unit: string;
  series: Series[];
  testId: string;
  yMin?: number;
  yMax?: number;
}

const timeLabel = (ms: number) => new Date(ms).toISOString().slice(11, 16);

/** A time-series line chart on a canvas. Marks the canvas data-drawn="true" once chart.js has drawn it. */
export function LineChart({ title, unit, series, testId, yMin, yMax }: LineChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<"line", { x: number; y: number | null }[]> | null>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    const datasets = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: `${s.color}33`,
      borderWidth: 2,
      pointRadius: s.points.length > 60 ? 0 : 2,
      spanGaps: false,
      tension: 0.2,
    }));
    if (chart.current) {
      chart.current.data.datasets = datasets;
      chart.current.update("none");
      return;
    }
    chart.current = new Chart(el, {
      type: "line",
      data: { datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        interaction: { mode: "nearest", axis: "x", intersect: false },
        scales: {
          x: { type: "linear", ticks: { callback: (v) => timeLabel(Number(v)), maxTicksLimit: 8 } },
          y: { min: yMin, max: yMax, title: { display: true, text: unit } },
        },
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: (items) => (items[0] ? `${timeLabel(items[0].parsed.x ?? 0)} UTC` : ""),
              label: (item) => `${item.dataset.label}: ${item.parsed.y?.toFixed(1)} ${unit}`,
            },
          },
        },
      },
    });
    el.dataset.drawn = "true";
  }, [series, unit, yMin, yMax]);

  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  const points = series.reduce((n, s) => n + s.points.filter((p) => p.y !== null).length, 0);
  return (
    <figure className="card" style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="chart">
        <canvas
          ref={canvas}
          role="img"
          aria-label={describe(title, unit, series)}
          data-testid={testId}
          data-points={points}
        />
      </div>
    </figure>
  );
}

/** The chart's text alternative: latest and highest value of each series. */
function describe(title: string, unit: string, series: Series[]): string {
  const parts = series.map((s) => {
    const ys = s.points.flatMap((p) => (p.y === null ? [] : [p.y]));
    if (ys.length === 0) return `${s.label}: no data`;
    return `${s.label}: latest ${ys[ys.length - 1]!.toFixed(1)} ${unit}, highest ${Math.max(...ys).toFixed(1)} ${unit}`;
  });
  return `${title}. ${parts.join("; ")}.`;
}
