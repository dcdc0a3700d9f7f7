"use client";

import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  type ChartType,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Tooltip,
} from "chart.js";
import { type RefObject, useEffect, useRef } from "react";

// What the ranking charts use (chart.js is tree-shakable; registering twice is harmless).
Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  ScatterController,
  Legend,
  Tooltip,
);

/**
 * Draws `config` on the canvas, redraws when `key` changes (a string of the data, so a live refresh
 * with the same numbers does nothing), destroys the chart on unmount. Marks the canvas
 * `data-drawn="true"` once chart.js has drawn it, for tests and screenshots.
 */
export function useChart<T extends ChartType>(
  canvas: RefObject<HTMLCanvasElement | null>,
  config: () => ChartConfiguration<T>,
  key: string,
): void {
  const chart = useRef<Chart<T> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the data `config` reads.
  useEffect(() => {
    const el = canvas.current;
    if (!el) return;
    chart.current?.destroy();
    chart.current = new Chart(el, config());
    el.dataset.drawn = "true";
  }, [key]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );
}

/** Colours for series, distinguishable in light and dark mode. */
export const PALETTE = [
  "#0b63c5",
  "#b42318",
  "#1a7f37",
  "#9a6700",
  "#6e40c9",
  "#0e7490",
  "#c2410c",
  "#4b5563",
];
