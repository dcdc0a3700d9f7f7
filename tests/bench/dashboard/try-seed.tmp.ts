import { mkdtempSync } from "node:fs";
import { seedDatabase } from "./seed.ts";

const dir = mkdtempSync("/tmp/edgeseg-dash-try-");
const n = Number(process.argv[2] ?? 20000);
const s = await seedDatabase(dir, {
  results: n,
  devices: 500,
  days: 180,
  telemetryDays: 14,
  cases: 0,
  seed: 1,
  log: (l) => console.error(l),
});
console.log(
  dir,
  JSON.stringify({ ...s, devices: s.devices.length, counts: { ...s.counts, slices: [...s.counts.slices] } }),
);
