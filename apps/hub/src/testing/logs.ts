import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A real pino logger whose JSON lines the test can read back. */
export function capturedLogger(): {
  logger: Logger;
  lines: LogLine[];
  find(msg: string | RegExp): LogLine[];
} {
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      for (const text of String(chunk).split("\n")) if (text) lines.push(JSON.parse(text) as LogLine);
      callback();
    },
  });
  const logger = pino({ level: "debug" }, sink);
  const find = (msg: string | RegExp) =>
    lines.filter((l) => (typeof msg === "string" ? l.msg === msg : msg.test(l.msg)));
  return { logger, lines, find };
}
