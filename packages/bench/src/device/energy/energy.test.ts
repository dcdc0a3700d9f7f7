import { spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureRoot } from "../fixtures.test-helper.ts";
import type { FileReader } from "../sysfs.ts";
import { findInaRails, probeIna3221 } from "./ina3221.ts";
import { type CommandRunner, parsePmicAdc } from "./pi5-pmic.ts";
import { probeEnergy } from "./probe.ts";
import { raplDeltaJ, readRapl } from "./rapl.ts";
import type { EnergyProbe, EnergySource } from "./types.ts";

const PMIC_OUTPUT = readFileSync(join(fixtureRoot("raspberry-pi-5"), "vcgencmd/pmic_read_adc"), "utf8");
/** Replays the Pi 5's recorded `vcgencmd pmic_read_adc`; any other command is not found. */
const pi5Vcgencmd: CommandRunner = async (command, args) => {
  if (command === "vcgencmd" && args.join(" ") === "pmic_read_adc") return PMIC_OUTPUT;
  throw Object.assign(new Error(`spawn ${command} ENOENT`), { code: "ENOENT" });
};

/** What a non-root read of energy_uj does since Linux 5.10 (mode 0400 root). */
const deniedEnergy: FileReader = (path) => {
  if (path.endsWith("/energy_uj"))
    throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: "EACCES" });
  return readFileSync(path, "utf8");
};

/**
 * Reads a file as an ordinary user would. Tests run as root in CI, and root reads anything; so as root
 * the read runs in a child process as "nobody" (uid 65534) and its error comes back as the kernel gave it.
 */
const unprivilegedRead: FileReader = (path) => {
  if (process.getuid?.() !== 0) return readFileSync(path, "utf8");
  const script = `try { process.stdout.write(JSON.stringify({ text: require("fs").readFileSync(${JSON.stringify(path)}, "utf8") })) }
    catch (e) { process.stdout.write(JSON.stringify({ code: e.code, message: e.message })) }`;
  const out = spawnSync(process.execPath, ["-e", script], { uid: 65534, gid: 65534, encoding: "utf8" });
  const r = JSON.parse(out.stdout) as { text?: string; code?: string; message?: string };
  if (r.text !== undefined) return r.text;
  throw Object.assign(new Error(r.message), { code: r.code });
};

function source(probe: EnergyProbe): EnergySource {
  if (!probe.available) throw new Error(`expected a sensor, got: ${probe.reason}`);
  return probe.source;
}

describe("RAPL", () => {
  it("reads the package domain only (core and uncore are inside it)", () => {
    const r = readRapl(fixtureRoot("x86-laptop-old"));
    expect(r).toEqual({
      ok: true,
      domains: [{ zone: "intel-rapl:0", name: "package-0", energyUj: 73805611430, maxRangeUj: 262143328850 }],
    });
  });

  it("sums every package of a two-socket server and leaves psys and dram out", () => {
    const server = readRapl(fixtureRoot("x86-server-2-socket"));
    expect(server?.ok && server.domains.map((d) => d.name)).toEqual(["package-0", "package-1"]);
    const desktop = readRapl(fixtureRoot("generic-x86-64"));
    expect(desktop?.ok && desktop.domains.map((d) => d.zone)).toEqual(["intel-rapl:0"]);
  });

  it("gives the energy between two reads of a run", () => {
    const before = readRapl(fixtureRoot("x86-laptop-old"));
    const after = readRapl(fixtureRoot("x86-laptop-old-after-run"));
    if (!before?.ok || !after?.ok) throw new Error("fixture unreadable");
    // 75011884206 − 73805611430 µJ.
    expect(raplDeltaJ(before.domains, after.domains)).toBeCloseTo(1206.272776, 6);
  });

  it("carries the counter over its wrap-around at max_energy_range_uj", () => {
    const before = readRapl(fixtureRoot("x86-rapl-wrap/before"));
    const after = readRapl(fixtureRoot("x86-rapl-wrap/after"));
    if (!before?.ok || !after?.ok) throw new Error("fixture unreadable");
    // 262141328850 → wraps at 262143328850 → 1500000: 2000000 + 1500000 µJ.
    expect(raplDeltaJ(before.domains, after.domains)).toBeCloseTo(3.5, 9);
  });

  it("says energy_uj is root-only since Linux 5.10 and how to grant access on EACCES", async () => {
    const probe = await probeEnergy(fixtureRoot("x86-laptop-old"), { read: deniedEnergy });
    expect(probe.available).toBe(false);
    if (probe.available) return;
    expect(probe.source).toBe("RAPL (intel-rapl powercap)");
    expect(probe.reason).toMatch(
      /^sys\/class\/powercap\/intel-rapl:0\/energy_uj is not readable by this user \(EACCES\)/,
    );
    expect(probe.reason).toContain("root only since Linux 5.10");
    expect(probe.reason).toContain("chmod a+r /sys/class/powercap/intel-rapl:*/energy_uj");
    expect(probe.reason).toContain('SUBSYSTEM=="powercap"');
  });

  it("reports the EACCES a real unprivileged read of a root-only energy_uj gets", async () => {
    // The recorded laptop's powercap tree with energy_uj at mode 0400, as Linux ≥ 5.10 ships it.
    const root = mkdtempSync(join(tmpdir(), "edgeseg-rapl-"));
    try {
      cpSync(join(fixtureRoot("x86-laptop-old"), "sys/class/powercap"), join(root, "sys/class/powercap"), {
        recursive: true,
      });
      chmodSync(root, 0o755);
      chmodSync(join(root, "sys/class/powercap/intel-rapl:0/energy_uj"), 0o400);
      const probe = await probeEnergy(root, { read: unprivilegedRead });
      expect(probe).toMatchObject({ available: false, source: "RAPL (intel-rapl powercap)" });
      expect(!probe.available && probe.reason).toMatch(/energy_uj is not readable by this user \(EACCES\)/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("is the energy source of an x86 box that has it", async () => {
    const s = source(await probeEnergy(fixtureRoot("x86-server-2-socket")));
    expect(s.name).toBe("RAPL package-0 (intel-rapl:0) + package-1 (intel-rapl:1)");
    // A recorded tree does not move: the counter source reports 0 J since it was opened.
    expect(await s.read()).toEqual({ kind: "energy", joules: 0 });
  });
});

describe("INA3221 (Jetson)", () => {
  it("reads the Nano's POM_5V_IN rail from NVIDIA's iio driver", async () => {
    const rails = findInaRails(fixtureRoot("jetson-nano"));
    expect(rails.map((r) => r.label)).toEqual(["POM_5V_IN", "POM_5V_GPU", "POM_5V_CPU"]);
    const s = source(await probeEnergy(fixtureRoot("jetson-nano")));
    expect(s.name).toBe("INA3221 POM_5V_IN");
    // 5072 mV × 1248 mA.
    expect(await s.read()).toEqual({ kind: "power", watts: (5072 * 1248) / 1e6 });
  });

  it("finds Orin's VDD_IN by label whichever hwmon index it got at boot", async () => {
    for (const board of ["jetson-orin-nano", "jetson-orin-nano-rebooted"]) {
      const rails = findInaRails(fixtureRoot(board));
      expect(rails.map((r) => r.label)).toEqual(["VDD_IN", "VDD_CPU_GPU_CV", "VDD_SOC"]);
      const s = source(await probeEnergy(fixtureRoot(board)));
      expect(s.name).toBe("INA3221 VDD_IN");
      expect(await s.read()).toEqual({ kind: "power", watts: (5064 * 1216) / 1e6 });
    }
    expect(findInaRails(fixtureRoot("jetson-orin-nano-rebooted"))[0]!.voltagePath).toContain(
      "/hwmon/hwmon3/",
    );
  });

  it("is absent where no INA3221 is bound", () => {
    expect(probeIna3221(fixtureRoot("raspberry-pi-4"))).toBeNull();
  });
});

describe("Raspberry Pi", () => {
  it("sums the Pi 5 PMIC's rail currents × voltages", async () => {
    const parsed = parsePmicAdc(PMIC_OUTPUT)!;
    expect(parsed.rails).toHaveLength(12);
    expect(parsed.rails.find((r) => r.rail === "VDD_CORE")).toEqual({
      rail: "VDD_CORE",
      amps: 2.0614,
      volts: 0.8833835,
      watts: 2.0614 * 0.8833835,
    });
    expect(parsed.watts).toBeCloseTo(2.93544, 5);
    const s = source(await probeEnergy(fixtureRoot("raspberry-pi-5"), { run: pi5Vcgencmd }));
    expect(s.name).toBe("Pi 5 PMIC, 12 rails (vcgencmd pmic_read_adc)");
    expect(s.minIntervalMs).toBe(1000);
    expect(await s.read()).toEqual({ kind: "power", watts: parsed.watts });
  });

  it("says why a Pi 5 whose vcgencmd fails has no energy", async () => {
    const broken: CommandRunner = async () => {
      throw new Error('Command failed: vcgencmd pmic_read_adc\nerror=1 error_msg="Command not registered"');
    };
    const probe = await probeEnergy(fixtureRoot("raspberry-pi-5"), { run: broken });
    expect(probe).toMatchObject({ available: false, source: "Pi 5 PMIC (vcgencmd pmic_read_adc)" });
    expect(!probe.available && probe.reason).toMatch(/^vcgencmd pmic_read_adc failed: Command failed/);
    expect(parsePmicAdc("throttled=0x0\n")).toBeNull();
  });

  it("says a Pi 4 has no current sensor", async () => {
    const probe = await probeEnergy(fixtureRoot("raspberry-pi-4"), { run: pi5Vcgencmd });
    expect(probe).toEqual({
      available: false,
      source: "none",
      reason:
        "not available on this device: a Raspberry Pi 4 Model B has no current sensor (of the Raspberry Pis only the Pi 5's PMIC reports rail currents); measure at the wall with a USB power meter",
    });
  });
});

it("names what was looked for on a device with no sensor", async () => {
  const probe = await probeEnergy(fixtureRoot("unknown-arm64-orange-pi-5"));
  expect(probe).toMatchObject({ available: false, source: "none" });
  expect(!probe.available && probe.reason).toMatch(
    /^not available on this device: no RAPL .* no INA3221 .* not a Raspberry Pi 5$/,
  );
});
