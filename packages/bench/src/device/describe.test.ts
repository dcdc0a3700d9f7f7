import { deviceInfoSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { describeDevice } from "./describe.ts";
import { fixtureRoot } from "./fixtures.test-helper.ts";

describe("describeDevice", () => {
  it("fills the result document's device object with the class", async () => {
    const { info, profile } = await describeDevice({ root: fixtureRoot("jetson-nano") });
    expect(deviceInfoSchema.safeParse(info).success).toBe(true);
    expect(info.deviceClass).toEqual({
      id: "jetson-nano",
      name: "NVIDIA Jetson Nano",
      matchedRule: 'jetson-nano/board-model: board "NVIDIA Jetson Nano Developer Kit" ~ /Jetson[- ]Nano/',
    });
    expect(profile.runtime).toMatchObject({ backend: "node", threads: 4, memoryArena: false });
  });

  it("recommends WASM on 32-bit Raspberry Pi OS, where onnxruntime-node has no build", async () => {
    const { info, profile } = await describeDevice({ root: fixtureRoot("raspberry-pi-3") });
    expect(info.arch).toBe("arm");
    expect(profile.runtime.backend).toBe("wasm");
    expect(profile.runtime.reason).toMatch(/32-bit/);
  });

  it("recommends WASM for a 32-bit userland even on a class without its own override", async () => {
    const { profile } = await describeDevice({ root: fixtureRoot("jetson-nano"), arch: "arm" });
    expect(profile.runtime.backend).toBe("wasm");
    expect(profile.runtime.reason).toMatch(/no arm build/);
  });

  it("describes this machine", async () => {
    const { info } = await describeDevice();
    expect(deviceInfoSchema.safeParse(info).success).toBe(true);
    expect(info.deviceClass.id).toMatch(process.arch === "x64" ? /x86/ : /./);
  });
});
