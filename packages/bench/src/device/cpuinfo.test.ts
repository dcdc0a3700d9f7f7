import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeCpuModel } from "./cpu-model.ts";
import { parseCpuinfo } from "./cpuinfo.ts";
import { fixtureRoot } from "./fixtures.test-helper.ts";

const cpuinfo = (board: string) =>
  parseCpuinfo(readFileSync(join(fixtureRoot(board), "proc/cpuinfo"), "utf8"));

describe("parseCpuinfo", () => {
  it("reads the Raspberry Pi 4's ARM identification and the lines its kernel appends", () => {
    const cpu = cpuinfo("raspberry-pi-4");
    expect(cpu).toMatchObject({
      processors: 4,
      modelName: null,
      implementer: "0x41",
      parts: ["0xd08"],
      architecture: "8",
      hardware: "BCM2835",
      revision: "c03114",
      model: "Raspberry Pi 4 Model B Rev 1.4",
    });
    expect(cpu.flags).toEqual(["fp", "asimd", "evtstrm", "crc32", "cpuid"]);
  });

  it("does not take x86's numeric 'model' line for the board's 'Model'", () => {
    const cpu = cpuinfo("x86-laptop-old");
    expect(cpu.model).toBeNull();
    expect(cpu.modelName).toBe("Intel(R) Core(TM) i5-2520M CPU @ 2.50GHz");
    expect(cpu.vendorId).toBe("GenuineIntel");
    expect(cpu.processors).toBe(4);
    expect(cpu.flags).toContain("avx");
    expect(cpu.flags).not.toContain("avx2");
    // "vmx flags" is a different line and must not replace "flags"
    expect(cpu.flags).not.toContain("vnmi");
  });

  it("keeps every distinct part of a big.LITTLE SoC", () => {
    expect(cpuinfo("unknown-arm64-orange-pi-5").parts).toEqual(["0xd05", "0xd0b"]);
  });
});

describe("describeCpuModel", () => {
  it("names ARM cores from their part numbers instead of the kernel's generic ARMv8 string", () => {
    expect(describeCpuModel(cpuinfo("jetson-nano"))).toBe("ARM Cortex-A57");
    expect(describeCpuModel(cpuinfo("jetson-orin-nano"))).toBe("ARM Cortex-A78AE");
    expect(describeCpuModel(cpuinfo("raspberry-pi-3"))).toBe("ARM Cortex-A53");
    expect(describeCpuModel(cpuinfo("unknown-arm64-orange-pi-5"))).toBe("ARM Cortex-A55 + Cortex-A76");
  });

  it("keeps x86 model names and reports unknown ARM parts by number", () => {
    expect(describeCpuModel(cpuinfo("generic-x86-64"))).toBe("Intel(R) Core(TM) i7-10700 CPU @ 2.90GHz");
    const odd = parseCpuinfo(
      "processor\t: 0\nCPU implementer\t: 0x61\nCPU architecture: 8\nCPU part\t: 0x022\n",
    );
    expect(describeCpuModel(odd)).toBe("ARM implementer 0x61 part 0x022");
  });
});
