import type { CaseResult, RuntimeSettings, Timing } from "@edgeseg/protocol";
import type { RunPhases } from "./phases.ts";

/** What the child process returns to the parent: everything it measured, numbers only. */
export interface ChildOutput {
  model: {
    id: string;
    version: string;
    family: "target-specific" | "foundation";
    pipeline: "semantic-2d" | "promptable-2d" | "semantic-3d-patch";
    manifestSha256: string;
    files: { role: string; sha256: string }[];
    fineTuning: { supported: boolean; notes: string };
    /** "synthetic" when the graphs were skeletons filled on the device. */
    weights?: "synthetic";
  };
  dataset: { id: string; sha256: string; cases: number; spacingMm: string };
  runtime: RuntimeSettings;
  cases: CaseResult[];
  timing: Timing;
  /** When each case and the SingleStream phase ran, to split the run's energy (not in the document). */
  phases: RunPhases;
  /** Organs the model predicts that the dataset does not label, and the reverse (not scored). */
  unscoredOrgans: { missingInDataset: string[]; missingInModel: string[] };
}

/** Progress messages from the child, forwarded to a progress bar or, later, to the hub. */
export interface ChildProgress {
  type: "progress";
  phase: "load" | "accuracy" | "single-stream" | "offline";
  done: number;
  total: number;
  message?: string;
  /** Something the person running it should know now, not at the end (printed at once, TTY or not). */
  warning?: string;
}
