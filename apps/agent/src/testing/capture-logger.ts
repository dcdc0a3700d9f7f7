import { pino } from "pino";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines land in an array the test can inspect. */
export function captureLogger(level = "debug") {
  const lines: LogLine[] = [];
  const logger = pino({ level }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  const warnings = () => lines.filter((l) => l.level >= 40);
  return { logger, lines, warnings };
}
