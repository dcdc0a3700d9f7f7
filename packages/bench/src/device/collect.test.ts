import { availableParallelism } from "node:os";
import { describe, expect, it } from "vitest";
import { collectDeviceInfo } from "./collect.ts";
import { fixtureRoot } from "./fixtures.test-helper.ts";

const expected = {
  "raspberry-pi-3": {
    cpuModel: "ARM Cortex-A53",
    cores: 4,
    arch: "arm",
    ramMb: 923,
    boardModel: "Raspberry Pi 3 Model B Rev 1.2",
    os: "Raspbian GNU/Linux 12 (bookworm)",
    kernel: "6.6.51+rpt-rpi-v7",
  },
  "raspberry-pi-4": {
    cpuModel: "ARM Cortex-A72",
    cores: 4,
    arch: "arm64",
    ramMb: 3791,
    boardModel: "Raspberry Pi 4 Model B Rev 1.4",
    os: "Debian GNU/Linux 12 (bookworm)",
    kernel: "6.6.51+rpt-rpi-v8",
  },
  "raspberry-pi-5": {
    cpuModel: "ARM Cortex-A76",
    cores: 4,
    arch: "arm64",
    ramMb: 8052,
    boardModel: "Raspberry Pi 5 Model B Rev 1.0",
  },
  "jetson-nano": {
    cpuModel: "ARM Cortex-A57",
    cores: 4,
    arch: "arm64",
    ramMb: 3964,
    boardModel: "NVIDIA Jetson Nano Developer Kit",
    os: "Ubuntu 18.04.6 LTS",
    kernel: "4.9.337-tegra",
  },
  "jetson-orin-nano": {
    cpuModel: "ARM Cortex-A78AE",
    cores: 6,
    arch: "arm64",
    ramMb: 7442,
    boardModel: "NVIDIA Jetson Orin Nano Engineering Reference Developer Kit Super",
  },
  "x86-laptop-old": {
    cpuModel: "Intel(R) Core(TM) i5-2520M CPU @ 2.50GHz",
    cores: 4,
    arch: "x64",
    ramMb: 7806,
    boardModel: "LENOVO ThinkPad X220 (4290W1B)",
    kernel: "6.1.0-28-amd64",
  },
  "generic-x86-64": {
    cores: 16,
    arch: "x64",
    ramMb: 31822,
    boardModel: "Dell Inc. OptiPlex 7090",
    os: "Ubuntu 24.04.1 LTS",
  },
  "unknown-arm64-orange-pi-5": {
    cores: 8,
    arch: "arm64",
    boardModel: "Orange Pi 5",
    os: "Armbian 24.11.1 bookworm",
  },
};

describe("collectDeviceInfo on recorded trees", () => {
  it.each(Object.entries(expected))("describes %s", async (board, want) => {
    const info = await collectDeviceInfo({ root: fixtureRoot(board) });
    expect(info).toMatchObject(want);
    expect(info.platform).toBe("linux");
    expect(info.source).toBe("files");
  });

  it("honours an explicit arch (a 32-bit userland on a 64-bit kernel)", async () => {
    const info = await collectDeviceInfo({ root: fixtureRoot("raspberry-pi-4"), arch: "arm" });
    expect(info.arch).toBe("arm");
  });

  it("reports unknowns rather than failing on an empty tree", async () => {
    const info = await collectDeviceInfo({ root: fixtureRoot("does-not-exist") });
    expect(info).toMatchObject({
      cpuModel: "unknown",
      cores: 1,
      ramMb: 0,
      os: "unknown",
      kernel: "unknown",
      boardModel: null,
    });
  });
});

describe("collectDeviceInfo on this machine", () => {
  it("uses process.arch and the versions of the running Node and installed ONNX Runtime", async () => {
    const info = await collectDeviceInfo();
    expect(info.arch).toBe(process.arch);
    expect(info.nodeVersion).toBe(process.versions.node);
    expect(info.onnxruntimeVersion).toMatch(/^1\.\d+\.\d+/);
    expect(info.cores).toBeGreaterThanOrEqual(availableParallelism());
    expect(info.ramMb).toBeGreaterThan(256);
  });

  it("agrees with systeminformation, the path for hosts without /proc", async () => {
    const { collectWithSysteminformation } = await import("./collect-si.ts");
    const [files, si] = await Promise.all([collectDeviceInfo(), collectWithSysteminformation()]);
    expect(si.source).toBe("systeminformation");
    expect(si.cores).toBe(files.cores);
    expect(Math.abs(si.ramMb - files.ramMb)).toBeLessThanOrEqual(1);
    expect(si.kernel).toBe(files.kernel);
  });
});
