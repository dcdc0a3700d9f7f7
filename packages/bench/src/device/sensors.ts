import { listDir, readText } from "./read-text.ts";

export interface SensorReading {
  temperatureC: number | null;
  frequencyMhz: number | null;
}

/**
 * Zone types that measure the CPU or SoC die. Some boards expose zones that are not measurements:
 * the Jetson Nano's "PMIC-Die" always reads 100 °C. When any CPU/SoC zone exists only those count.
 */
const CPU_ZONE = /cpu|soc|x86_pkg_temp|tj-therm|package|core/i;

/**
 * Current temperature (max over the thermal zones, sysfs reports millidegrees Celsius; Linux
 * Documentation/driver-api/thermal/sysfs-api.rst) and clock (max over CPUs' cpufreq scaling_cur_freq,
 * in kHz). null where the platform exposes neither (virtual machines, containers without /sys).
 */
export function readSensors(root = "/"): SensorReading {
  return { temperatureC: readTemperature(root), frequencyMhz: readFrequency(root) };
}

/** The hottest CPU/SoC thermal zone in °C; null where none is exposed. */
export function readTemperature(root: string): number | null {
  const zones = listDir(root, "sys/class/thermal")
    .filter((name) => name.startsWith("thermal_zone"))
    .map((name) => ({
      type: readText(root, `sys/class/thermal/${name}/type`)?.trim() ?? "",
      milli: Number.parseInt(readText(root, `sys/class/thermal/${name}/temp`) ?? "", 10),
    }))
    // Disabled or absent sensors read as errors, 0 or large negative values.
    .filter((z) => Number.isFinite(z.milli) && z.milli > 0 && z.milli < 200_000);
  const cpuZones = zones.filter((z) => CPU_ZONE.test(z.type));
  const chosen = cpuZones.length > 0 ? cpuZones : zones;
  if (chosen.length === 0) return null;
  return Math.max(...chosen.map((z) => z.milli)) / 1000;
}

function readFrequency(root: string): number | null {
  const khz = listDir(root, "sys/devices/system/cpu")
    .filter((name) => /^cpu\d+$/.test(name))
    .map((name) =>
      Number.parseInt(readText(root, `sys/devices/system/cpu/${name}/cpufreq/scaling_cur_freq`) ?? "", 10),
    )
    .filter((v) => Number.isFinite(v) && v > 0);
  return khz.length > 0 ? Math.max(...khz) / 1000 : null;
}
