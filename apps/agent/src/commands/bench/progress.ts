import type { ChildProgress } from "@edgeseg/bench";
import cliProgress from "cli-progress";

const phaseNames: Record<ChildProgress["phase"], string> = {
  load: "loading model",
  accuracy: "segmenting cases",
  "single-stream": "timing SingleStream",
  offline: "timing Offline",
};

/** Without a TTY: silent for the first QUIET_MS, then a line per phase change and at least every EVERY_MS. */
export const PLAIN_QUIET_MS = 15_000;
export const PLAIN_EVERY_MS = 30_000;

/**
 * A progress bar on a TTY. Without one (a service, a pipe, `ssh host cmd`), plain lines on stderr once
 * a run has gone on for PLAIN_QUIET_MS — a promptable model can take minutes before its table — so
 * short runs stay silent and logs stay clean.
 */
export function createProgress(
  label: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  isTty: boolean = process.stderr.isTTY === true,
  clock: () => number = Date.now,
): { update: (p: ChildProgress) => void; stop: () => void } {
  if (!isTty) return plainProgress(label, write, clock);
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% {phase}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { phase: "starting" });
  return {
    update(p) {
      bar.setTotal(p.total);
      bar.update(p.done, { phase: `${phaseNames[p.phase]}${p.message ? ` ${p.message}` : ""}` });
    },
    stop: () => bar.stop(),
  };
}

function plainProgress(
  label: string,
  write: (line: string) => void,
  clock: () => number,
): { update: (p: ChildProgress) => void; stop: () => void } {
  const started = clock();
  let lastAt = 0;
  let lastPhase = "";
  return {
    update(p) {
      const now = clock();
      const phase = `${phaseNames[p.phase]}${p.message ? ` ${p.message}` : ""}`;
      if (now - started < PLAIN_QUIET_MS) return;
      if (p.phase === lastPhase && now - lastAt < PLAIN_EVERY_MS) return;
      lastAt = now;
      lastPhase = p.phase;
      const elapsed = Math.round((now - started) / 1000);
      write(`${label}: ${phase} ${p.done}/${p.total} (${elapsed} s)\n`);
    },
    stop: () => {},
  };
}
