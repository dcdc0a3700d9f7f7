import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DeviceInfo } from "@edgeseg/protocol";

/** systemd's machine id (machine-id(5)), or D-Bus's older copy; null where neither is readable. */
export function readMachineId(root = "/"): string | null {
  for (const rel of ["etc/machine-id", "var/lib/dbus/machine-id"]) {
    try {
      const id = readFileSync(join(root, rel), "utf8").trim();
      if (/^[0-9a-f]{32}$/i.test(id)) return id.toLowerCase();
    } catch {
      // try the next one
    }
  }
  return null;
}

/**
 * sha256 over facts that stay put while the hardware does: board model, CPU model, core count, RAM in
 * whole GiB (MemTotal moves by a few MB between kernels) and the machine id. The hub uses it to
 * recognise a device that enrols again; it identifies, it does not authenticate.
 */
export function hardwareFingerprint(device: DeviceInfo, machineId: string | null): string {
  const facts = {
    boardModel: device.boardModel,
    cpuModel: device.cpuModel,
    cores: device.cores,
    ramGiB: Math.max(1, Math.round(device.ramMb / 1024)),
    machineId,
  };
  return createHash("sha256").update(JSON.stringify(facts)).digest("hex");
}
