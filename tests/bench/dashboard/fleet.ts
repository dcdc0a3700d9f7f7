import type { DeviceInfo } from "@edgeseg/protocol";
import { CLASSES, type ClassTraits, profileName } from "./catalogue.ts";
import type { Rng } from "./prng.ts";

export interface SimDevice {
  id: string;
  name: string;
  cls: ClassTraits;
  status: "active" | "pending" | "disabled";
  /** Online now: seen by the hub within the last 20 s (the presence ticker keeps it so). */
  online: boolean;
  /** Epoch ms; the last moment it reported (now for online devices). */
  lastSeenMs: number;
  enrolledMs: number;
  agentVersion: string;
  tags: string[];
  ramMb: number;
  backend: "node" | "wasm";
  info: DeviceInfo;
}

const DAY = 86_400_000;
// The hub's device-id alphabet (apps/hub/src/enroll/device-id.ts): no 0/o, 1/l.
const ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789";
const SITES = 25;

/**
 * `count` devices split over the classes by their fleet share: 2% waiting for approval (enrolled in
 * the last days, no results), 2% disabled, the rest active; 82% of the active ones online.
 */
export function buildFleet(rng: Rng, count: number, nowMs: number, windowDays: number): SimDevice[] {
  const counts = CLASSES.map((cls) => Math.round(cls.share * count));
  counts[0]! += count - counts.reduce((a, b) => a + b, 0);
  const devices: SimDevice[] = [];
  CLASSES.forEach((cls, ci) => {
    for (let n = 1; n <= counts[ci]!; n++) devices.push(device(rng, cls, n, nowMs, windowDays));
  });
  return devices;
}

function device(rng: Rng, cls: ClassTraits, n: number, nowMs: number, windowDays: number): SimDevice {
  const roll = rng.next();
  const status = roll < 0.02 ? "pending" : roll < 0.04 ? "disabled" : "active";
  const online = status === "active" && rng.chance(0.82);
  const offlineFor = Math.min(10 * DAY, -Math.log(1 - rng.next()) * 0.6 * DAY) + 10 * 60_000;
  const lastSeenMs = online ? nowMs - rng.int(20_000) : nowMs - offlineFor;
  const enrolledMs =
    status === "pending" ? nowMs - rng.int(3 * DAY) : nowMs - (windowDays + 1 + rng.int(60)) * DAY;
  const ramMb =
    cls.id === "raspberry-pi-4"
      ? rng.weighted([
          [2048, 1],
          [4096, 3],
          [8192, 1],
        ])
      : cls.ramMb;
  const site = `clinic-${String(1 + rng.int(SITES)).padStart(2, "0")}`;
  const tags = [site, ...(rng.chance(0.3) ? ["radiology"] : []), ...(rng.chance(0.1) ? ["pilot"] : [])];
  const backend = rng.chance(cls.wasmShare) ? "wasm" : "node";
  return {
    id: `${cls.id}-${rng.text(10, ID_ALPHABET)}`,
    name: `${site}-${cls.id}-${String(n).padStart(3, "0")}`,
    cls,
    status,
    online,
    lastSeenMs,
    enrolledMs,
    agentVersion: rng.weighted([
      ["0.1.0", 6],
      ["0.1.1", 3],
      ["0.0.9", 1],
    ]),
    tags: tags.sort(),
    ramMb,
    backend,
    info: {
      cpuModel: cls.cpuModel,
      cores: cls.cores,
      arch: backend === "wasm" ? "arm" : cls.arch,
      platform: "linux",
      ramMb,
      os: cls.arch === "x64" ? "Debian GNU/Linux 12 (bookworm)" : "Raspberry Pi OS / Ubuntu (arm)",
      kernel: cls.arch === "x64" ? "6.1.0-28-amd64" : "6.6.51+rpt-rpi-v8",
      nodeVersion: "20.20.2",
      onnxruntimeVersion: "1.30.0",
      boardModel: cls.boardModel,
      deviceClass: {
        id: cls.id,
        name: profileName(cls.id),
        matchedRule: cls.boardModel ? "board-model" : "fallback",
      },
    },
  };
}
