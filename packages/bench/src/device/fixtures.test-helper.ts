import { fileURLToPath } from "node:url";

/** Recorded /proc, /sys and /etc trees of real boards (packages/bench/fixtures/devices). */
export const fixtureRoot = (board: string) =>
  fileURLToPath(new URL(`../../fixtures/devices/${board}/`, import.meta.url));

export const BOARDS = [
  "raspberry-pi-3",
  "raspberry-pi-4",
  "raspberry-pi-5",
  "jetson-nano",
  "jetson-orin-nano",
  "x86-laptop-old",
  "generic-x86-64",
  "unknown-arm64-orange-pi-5",
] as const;
