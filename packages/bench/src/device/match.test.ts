import type { DeviceProfile } from "@edgeseg/engine-core/device-profile";
import { loadProfiles } from "@edgeseg/engine-core/device-profile";
import { beforeAll, describe, expect, it } from "vitest";
import { collectDeviceInfo } from "./collect.ts";
import { BOARDS, fixtureRoot } from "./fixtures.test-helper.ts";
import { matchDeviceClass } from "./match.ts";
import type { DetectionInput } from "./rule-match.ts";

let profiles: DeviceProfile[];
beforeAll(async () => {
  profiles = await loadProfiles();
});

const expectedClass: Record<(typeof BOARDS)[number], string> = {
  "raspberry-pi-3": "raspberry-pi-3",
  "raspberry-pi-4": "raspberry-pi-4",
  "raspberry-pi-5": "raspberry-pi-5",
  "jetson-nano": "jetson-nano",
  "jetson-orin-nano": "jetson-orin-nano",
  "x86-laptop-old": "x86-laptop-old",
  "generic-x86-64": "generic-x86-64",
  "unknown-arm64-orange-pi-5": "generic-arm64",
};

const arm64 = (over: Partial<DetectionInput>): DetectionInput => ({
  arch: "arm64",
  boardModel: null,
  cpuModel: "ARM Cortex-A72",
  ramMb: 3791,
  cores: 4,
  cpu: { vendorId: null, implementer: "0x41", parts: ["0xd08"], flags: [], hardware: null, revision: null },
  ...over,
});

describe("matchDeviceClass", () => {
  it.each(BOARDS)("detects the recorded %s tree as its class", async (board) => {
    const info = await collectDeviceInfo({ root: fixtureRoot(board) });
    const { profile, matchedRule } = matchDeviceClass(info, profiles);
    expect(profile.id).toBe(expectedClass[board]);
    expect(matchedRule.startsWith(`${profile.id}/`)).toBe(true);
    expect(matchedRule.length).toBeLessThanOrEqual(500);
  });

  it("names the rule and the evidence it matched on", async () => {
    const info = await collectDeviceInfo({ root: fixtureRoot("raspberry-pi-4") });
    expect(matchDeviceClass(info, profiles).matchedRule).toBe(
      'raspberry-pi-4/board-model: board "Raspberry Pi 4 Model B Rev 1.4" ~ /^Raspberry Pi (4|400|Compute Module 4)/',
    );
  });

  it("recognises the Orin Nano under JetPack 5's model string, which lacks 'Jetson'", () => {
    const m = matchDeviceClass(
      arm64({ boardModel: "NVIDIA Orin Nano Developer Kit", cpu: { ...arm64({}).cpu, parts: ["0xd42"] } }),
      profiles,
    );
    expect(m.profile.id).toBe("jetson-orin-nano");
  });

  it("does not take a Jetson Orin Nano for a Jetson Nano", () => {
    const m = matchDeviceClass(
      arm64({ boardModel: "NVIDIA Jetson Orin Nano Developer Kit", cores: 6 }),
      profiles,
    );
    expect(m.profile.id).toBe("jetson-orin-nano");
  });

  it("recognises a Jetson Nano by its Cortex-A57 cores where the device tree is hidden (containers)", () => {
    const m = matchDeviceClass(
      arm64({ cpuModel: "ARM Cortex-A57", ramMb: 3964, cpu: { ...arm64({}).cpu, parts: ["0xd07"] } }),
      profiles,
    );
    expect(m.profile.id).toBe("jetson-nano");
    expect(m.matchedRule).toContain("jetson-nano/cortex-a57");
  });

  it("does not call an A76 board a Raspberry Pi 5 on its CPU alone", () => {
    const m = matchDeviceClass(
      arm64({ boardModel: "Radxa ROCK 5B", cpu: { ...arm64({}).cpu, parts: ["0xd05", "0xd0b"] } }),
      profiles,
    );
    expect(m.profile.id).toBe("generic-arm64");
  });

  it("keeps a modern small x86 laptop out of the old-laptop class when it has AVX2 and a recent CPU", () => {
    const m = matchDeviceClass(
      {
        ...arm64({}),
        arch: "x64",
        cpuModel: "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz",
        ramMb: 7800,
        cpu: {
          vendorId: "GenuineIntel",
          implementer: null,
          parts: [],
          flags: ["avx", "avx2", "lm"],
          hardware: null,
          revision: null,
        },
      },
      profiles,
    );
    expect(m.profile.id).toBe("generic-x86-64");
  });

  const laptop = (cpuModel: string, flags: string[]) =>
    matchDeviceClass(
      {
        ...arm64({}),
        arch: "x64",
        cpuModel,
        ramMb: 3800,
        cpu: { vendorId: null, implementer: null, parts: [], flags, hardware: null, revision: null },
      },
      profiles,
    );

  it.each([
    "Intel(R) Core(TM)2 Duo CPU     P8600  @ 2.40GHz",
    "Intel(R) Core(TM) i5 CPU       M 520  @ 2.40GHz",
    "Intel(R) Core(TM) i7-4600U CPU @ 2.10GHz",
    "Intel(R) Core(TM) i3-3217U CPU @ 1.80GHz",
    "Intel(R) Pentium(R) CPU B960 @ 2.20GHz",
    "Intel(R) Celeron(R) CPU  N2840  @ 2.16GHz",
    "Intel(R) Pentium(R) CPU  N3540  @ 2.16GHz",
    "AMD A6-5200 APU with Radeon(TM) HD Graphics",
    "AMD E-450 APU with Radeon(tm) HD Graphics",
  ])("calls a laptop with a %s an old laptop by its CPU name alone", (cpuModel) => {
    // avx2 present, so only the CPU-name rule can match
    expect(laptop(cpuModel, ["lm", "avx2"]).matchedRule).toMatch(/^x86-laptop-old\/pre-2015-cpu:/);
  });

  it.each([
    "Intel(R) Core(TM) i5-8250U CPU @ 1.60GHz",
    "Intel(R) Core(TM) i3-10110U CPU @ 2.10GHz",
    "11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz",
    "AMD Ryzen 5 3500U with Radeon Vega Mobile Gfx",
  ])("does not call a laptop with a %s an old laptop", (cpuModel) => {
    expect(laptop(cpuModel, ["lm", "avx2"]).profile.id).toBe("generic-x86-64");
  });

  it("calls a small machine without AVX2 an old laptop whatever its CPU is named", () => {
    expect(laptop("Genuine Intel(R) CPU U7300 @ 1.30GHz", ["lm", "sse4_2"]).matchedRule).toMatch(
      /^x86-laptop-old\/no-avx2-small: arch x64, no avx2 flag/,
    );
  });

  it("puts an old laptop with more than 8 GB in the generic class", async () => {
    const info = await collectDeviceInfo({ root: fixtureRoot("x86-laptop-old") });
    expect(matchDeviceClass({ ...info, ramMb: 16_000 }, profiles).profile.id).toBe("generic-x86-64");
  });

  it("falls back to the highest-priority fallback when no rule matches at all", () => {
    const m = matchDeviceClass(
      arm64({ arch: "riscv64", cpu: { ...arm64({}).cpu, implementer: null, parts: [] } }),
      profiles,
    );
    expect(m.profile.id).toBe("generic-arm64");
    expect(m.matchedRule).toContain("no rule matched (arch riscv64");
  });

  it("prefers the more specific rule, then the higher priority", () => {
    const make = (id: string, priority: number, rule: object): DeviceProfile => ({
      id,
      name: id,
      description: id,
      detection: { fallback: false, priority, rules: [{ id: "r", ...rule }] },
      budgets: { memoryMb: 1, caseTimeSeconds: 1 },
      runtime: { backend: "node", threads: 0, memoryArena: true, memoryPattern: true, reason: "test" },
      runtimeOverrides: [],
    });
    const byPart = make("by-part", 5, { cpuImplementer: "0x41", cpuParts: ["0xd08"] });
    const byBoard = make("by-board", 0, { boardModel: "Pi 4" });
    const byBoardHigh = make("by-board-high", 1, { boardModel: "Pi" });
    const info = arm64({ boardModel: "Raspberry Pi 4 Model B" });
    expect(matchDeviceClass(info, [byPart, byBoard]).profile.id).toBe("by-board");
    expect(matchDeviceClass(info, [byBoard, byBoardHigh]).profile.id).toBe("by-board-high");
    expect(() => matchDeviceClass(arm64({ arch: "x64" }), [byBoard])).toThrow(/No fallback device profile/);
  });
});
