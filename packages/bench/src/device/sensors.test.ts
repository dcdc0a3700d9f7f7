import { describe, expect, it } from "vitest";
import { fixtureRoot } from "./fixtures.test-helper.ts";
import { readSensors } from "./sensors.ts";

describe("readSensors", () => {
  it("reads a Raspberry Pi's single zone and cpufreq in °C and MHz", () => {
    expect(readSensors(fixtureRoot("raspberry-pi-4"))).toEqual({ temperatureC: 51.121, frequencyMhz: 1800 });
  });

  it("ignores the Jetson Nano's fixed 100 °C PMIC zone in favour of the CPU zone", () => {
    expect(readSensors(fixtureRoot("jetson-nano"))).toEqual({ temperatureC: 39, frequencyMhz: 1479 });
  });

  it("takes the hottest CPU/SoC zone and the fastest core", () => {
    expect(readSensors(fixtureRoot("jetson-orin-nano"))).toEqual({
      temperatureC: 47.781,
      frequencyMhz: 1728,
    });
    expect(readSensors(fixtureRoot("x86-laptop-old"))).toEqual({ temperatureC: 56, frequencyMhz: 2491 });
    expect(readSensors(fixtureRoot("unknown-arm64-orange-pi-5"))).toEqual({
      temperatureC: 44.384,
      frequencyMhz: 2256,
    });
  });

  it("returns null where nothing is exposed", () => {
    expect(readSensors(fixtureRoot("does-not-exist"))).toEqual({ temperatureC: null, frequencyMhz: null });
  });
});
