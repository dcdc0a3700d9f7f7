/** One reading of an energy sensor: a running energy total, or the power drawn at that moment. */
export type EnergyReading = { kind: "energy"; joules: number } | { kind: "power"; watts: number };

/** An energy sensor found on this device, ready to be read repeatedly during a run. */
export interface EnergySource {
  /** What is read, e.g. "RAPL package-0 (intel-rapl:0)", "INA3221 VDD_IN", "Pi 5 PMIC (12 rails)". */
  readonly name: string;
  /** The shortest useful time between reads (a process spawn is not free). */
  readonly minIntervalMs: number;
  /** Energy counters: joules since the source was opened. Power meters: watts now. */
  read(): Promise<EnergyReading>;
}

/** The sensor this device has, or why it has none (stated, never a zero). */
export type EnergyProbe =
  | { available: true; source: EnergySource }
  | { available: false; source: string; reason: string };
