"use client";

import { LineChart, type Series } from "./line-chart.tsx";

/** Telemetry buckets as plain numbers (server components pass serialisable props only). */
export interface TelemetryPoint {
  t: number;
  cpuAvg: number | null;
  cpuMax: number | null;
  memAvgMb: number | null;
  memMaxMb: number | null;
  tempAvgC: number | null;
  tempMaxC: number | null;
}

const series = (
  points: TelemetryPoint[],
  label: string,
  color: string,
  pick: (p: TelemetryPoint) => number | null,
): Series => ({
  label,
  color,
  points: points.map((p) => ({ x: p.t, y: pick(p) })),
});

export function TelemetryCharts({
  points,
  memoryTotalMb,
}: {
  points: TelemetryPoint[];
  memoryTotalMb: number | null;
}) {
  return (
    <div className="grid" data-testid="telemetry-charts">
      <LineChart
        title="CPU"
        unit="%"
        testId="chart-cpu"
        yMin={0}
        yMax={100}
        series={[
          series(points, "average", "#0b63c5", (p) => p.cpuAvg),
          series(points, "peak", "#b42318", (p) => p.cpuMax),
        ]}
      />
      <LineChart
        title="Memory in use"
        unit="MB"
        testId="chart-memory"
        yMin={0}
        {...(memoryTotalMb !== null && { yMax: memoryTotalMb })}
        series={[
          series(points, "average", "#0b63c5", (p) => p.memAvgMb),
          series(points, "peak", "#b42318", (p) => p.memMaxMb),
        ]}
      />
      <LineChart
        title="Temperature"
        unit="°C"
        testId="chart-temperature"
        series={[
          series(points, "average", "#9a6700", (p) => p.tempAvgC),
          series(points, "peak", "#b42318", (p) => p.tempMaxC),
        ]}
      />
    </div>
  );
}
