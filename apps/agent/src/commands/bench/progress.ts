import type { ChildProgress } from "@edgeseg/bench";
import cliProgress from "cli-progress";

const phaseNames: Record<ChildProgress["phase"], string> = {
  load: "loading model",
  accuracy: "segmenting cases",
  "single-stream": "timing SingleStream",
  offline: "timing Offline",
};

/** A progress bar on a TTY; nothing otherwise, so piped output and logs stay clean. */
export function createProgress(label: string): { update: (p: ChildProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
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
