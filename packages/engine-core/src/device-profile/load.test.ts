import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultProfilesDir, loadProfiles } from "./load.ts";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-profiles-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const pi4 = async () => JSON.parse(await readFile(join(defaultProfilesDir, "raspberry-pi-4.json"), "utf8"));
const generic = async () =>
  JSON.parse(await readFile(join(defaultProfilesDir, "generic-arm64.json"), "utf8"));

async function put(name: string, value: unknown) {
  await writeFile(join(dir, name), typeof value === "string" ? value : JSON.stringify(value));
}

describe("loadProfiles", () => {
  it("loads every class in firmware-profiles/", async () => {
    const profiles = await loadProfiles();
    expect(profiles.map((p) => p.id)).toEqual([
      "generic-arm64",
      "generic-x86-64",
      "jetson-nano",
      "jetson-orin-nano",
      "raspberry-pi-3",
      "raspberry-pi-4",
      "raspberry-pi-5",
      "x86-laptop-old",
    ]);
    expect(profiles.filter((p) => p.detection.fallback).map((p) => p.id)).toEqual([
      "generic-arm64",
      "generic-x86-64",
    ]);
    const pi3 = profiles.find((p) => p.id === "raspberry-pi-3")!;
    expect(pi3.runtime.memoryArena).toBe(false);
    expect(pi3.budgets.memoryMb).toBeLessThan(1024);
  });

  it("names the file and the field of a bad value", async () => {
    const bad = await pi4();
    bad.budgets.memoryMb = "lots";
    await put("raspberry-pi-4.json", bad);
    await put("generic-arm64.json", await generic());
    await expect(loadProfiles(dir)).rejects.toThrow(
      /raspberry-pi-4\.json: field "budgets\.memoryMb": .*number/,
    );
  });

  it("refuses unknown fields, so a misspelt rule cannot silently match everything", async () => {
    const bad = await pi4();
    bad.detection.rules[0].boardModle = "x";
    await put("raspberry-pi-4.json", bad);
    await expect(loadProfiles(dir)).rejects.toThrow(/field "detection\.rules\.0".*boardModle/);
  });

  it("refuses an invalid regular expression", async () => {
    const bad = await pi4();
    bad.detection.rules[0].boardModel = "Raspberry Pi (4";
    await put("raspberry-pi-4.json", bad);
    await expect(loadProfiles(dir)).rejects.toThrow(
      /field "detection\.rules\.0\.boardModel": not a valid JavaScript regular expression/,
    );
  });

  it("refuses an id that differs from the file name, and broken JSON", async () => {
    await put("raspberry-pi-9.json", await pi4());
    await expect(loadProfiles(dir)).rejects.toThrow(/raspberry-pi-9\.json: field "id" is "raspberry-pi-4"/);
    await rm(join(dir, "raspberry-pi-9.json"));
    await put("broken.json", "{ not json");
    await expect(loadProfiles(dir)).rejects.toThrow(/broken\.json is not valid JSON/);
  });

  it("requires a fallback class", async () => {
    await put("raspberry-pi-4.json", await pi4());
    await expect(loadProfiles(dir)).rejects.toThrow(/No fallback profile/);
  });
});
