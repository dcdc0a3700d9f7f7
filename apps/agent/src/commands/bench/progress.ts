import type { ChildProgress } from "@edgeseg/bench";
import cliProgress from "cli-progress";

const phaseNames: Record<ChildProgress["phase"], string> = {
  load: "loading model",
  accuracy: "segmenting cases",
  "single-stream": "timing SingleStream",
  offline: "timing Offline",
};

/** Without a TTY: silent for the first QUIET_MS, then a line per phase change and at least every EVERY_MS. */
export const PLAIN_QUIET_MS = 5_000;
export const PLAIN_EVERY_MS = 10_000;

/**
 * A progress bar on a TTY. Without one (a service, a pipe, `ssh host cmd`), plain lines on stderr once
 * a run has gone on for PLAIN_QUIET_MS — a promptable model can take minutes before its table — so
 * short runs stay silent and logs stay clean. Each line names the model, the phase and what is done
 * (the case, or the SingleStream queries issued). A warning from the run is printed at once, either way.
 */
export function createProgress(
  label: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
  isTty: boolean = process.stderr.isTTY === true,
  clock: () => number = Date.now,
): { update: (p: ChildProgress) => void; stop: () => void } {
  const warn = (p: ChildProgress) => {
    if (p.warning) write(`${isTty ? "\n" : ""}${label}: ! ${p.warning}\n`);
  };
  if (!isTty) {
    const plain = plainProgress(label, write, clock);
    return {
      update: (p) => {
        warn(p);
        plain.update(p);
      },
      stop: plain.stop,
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: `${label} {bar} {percentage}% {phase}`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(1, 0, { phase: "starting" });
  return {
    update(p) {
      warn(p);
      // SingleStream's total is its minimum query count: the repeat rule may run past it.
      bar.setTotal(Math.max(p.total, p.done));
      bar.update(p.done, { phase: `${phaseNames[p.phase]}${p.message ? ` ${p.message}` : ""}` });
    },
    stop: () => bar.stop(),
  };
}

/** What a plain line says is done: a percentage for the accuracy pass, else the message or done/total. */
function doneText(p: ChildProgress): string {
  if (p.phase === "accuracy") return `${p.message ? `${p.message}, ` : ""}${p.done} % of all cases`;
  return p.message ?? `${p.done}/${p.total}`;
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
      if (now - started < PLAIN_QUIET_MS) return;
      if (p.phase === lastPhase && now - lastAt < PLAIN_EVERY_MS) return;
      lastAt = now;
      lastPhase = p.phase;
      const elapsed = Math.round((now - started) / 1000);
      write(`${label}: ${phaseNames[p.phase]}: ${doneText(p)} (${elapsed} s)\n`);
    },
    stop: () => {},
  };
}
