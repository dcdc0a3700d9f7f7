import { execFile } from "node:child_process";
import type { EnergyProbe } from "./types.ts";

/** Runs a command and resolves with its stdout; rejects on failure. Tests replay recorded output. */
export type CommandRunner = (command: string, args: readonly string[]) => Promise<string>;

export const execRunner: CommandRunner = (command, args) =>
  new Promise((resolve, reject) => {
    execFile(command, [...args], { timeout: 2000 }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });

/** vcgencmd costs a process spawn and the PMIC's ADC a few milliseconds: one reading a second. */
const PMIC_INTERVAL_MS = 1000;

export interface PmicRail {
  rail: string;
  amps: number;
  volts: number;
  watts: number;
}

/**
 * Parses `vcgencmd pmic_read_adc` (Raspberry Pi 5 firmware): lines "VDD_CORE_A current(7)=0.71940000A"
 * and "VDD_CORE_V volt(15)=0.87605900V". A rail's power is its current times its voltage, paired by
 * name (VDD_CORE_A with VDD_CORE_V); voltages without a current (EXT5V_V, BATT_V) carry no power.
 * null when the text has no such pair.
 */
export function parsePmicAdc(text: string): { rails: PmicRail[]; watts: number } | null {
  const amps = new Map<string, number>();
  const volts = new Map<string, number>();
  for (const m of text.matchAll(/^\s*(\S+)_([AV])\s+(?:current|volt)\(\d+\)=([-\d.eE+]+)[AV]\s*$/gm)) {
    (m[2] === "A" ? amps : volts).set(m[1]!, Number(m[3]));
  }
  const rails: PmicRail[] = [];
  for (const [rail, a] of amps) {
    const v = volts.get(rail);
    if (v === undefined || !Number.isFinite(a) || !Number.isFinite(v)) continue;
    rails.push({ rail, amps: a, volts: v, watts: a * v });
  }
  if (rails.length === 0) return null;
  return { rails, watts: rails.reduce((s, r) => s + r.watts, 0) };
}

/**
 * The Raspberry Pi 5's power from its PMIC's rail ADCs. The sum covers the rails the PMIC feeds (SoC,
 * memory, I/O), not the 5 V input's conversion loss or USB peripherals: less than wall power.
 */
export async function probePi5Pmic(run: CommandRunner = execRunner): Promise<EnergyProbe> {
  const source = "Pi 5 PMIC (vcgencmd pmic_read_adc)";
  let first: ReturnType<typeof parsePmicAdc>;
  try {
    first = parsePmicAdc(await run("vcgencmd", ["pmic_read_adc"]));
  } catch (error) {
    return {
      available: false,
      source,
      reason: `vcgencmd pmic_read_adc failed: ${(error as Error).message}`.slice(0, 2000),
    };
  }
  if (!first)
    return {
      available: false,
      source,
      reason:
        "vcgencmd pmic_read_adc printed no rail current/voltage pairs (firmware too old? update it with rpi-eeprom-update / apt upgrade)",
    };
  let lastW = first.watts;
  return {
    available: true,
    source: {
      name: `Pi 5 PMIC, ${first.rails.length} rails (vcgencmd pmic_read_adc)`,
      minIntervalMs: PMIC_INTERVAL_MS,
      async read() {
        try {
          const now = parsePmicAdc(await run("vcgencmd", ["pmic_read_adc"]));
          if (now) lastW = now.watts;
        } catch {
          // One failed spawn repeats the last power rather than inventing a zero.
        }
        return { kind: "power", watts: lastW };
      },
    },
  };
}
