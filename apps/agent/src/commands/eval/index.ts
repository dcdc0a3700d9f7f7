import { computeCaseMetrics, labelData, readNifti } from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { numberFlag, parseOptions } from "../../cli/options.ts";
import { fmt, printJson } from "../../cli/output.ts";

const optionsSchema = z.object({
  pred: z.string().min(1),
  label: z.string().min(1),
  toleranceMm: numberFlag("--tolerance-mm").pipe(z.number().positive("must be greater than 0 mm")),
  json: z.boolean().default(false),
});

export async function evalCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const [pred, label] = await Promise.all([readNifti(opts.pred), readNifti(opts.label)]);
  if (pred.dims.join("x") !== label.dims.join("x")) {
    throw new AppError(
      "INPUT",
      `--pred ${opts.pred} is ${pred.dims.join("×")} but --label ${opts.label} is ${label.dims.join("×")}; ` +
        "resample the prediction onto the label's grid first",
    );
  }
  // Spacing comes from the ground truth's header: that is the grid the reference was drawn on. Each
  // label map's errors name its flag and file: a bad prediction is the usual culprit, not the label.
  const metrics = computeCaseMetrics(
    { dims: label.dims, spacing: label.spacing, data: labelData(label, `--label ${opts.label}`) },
    { dims: pred.dims, spacing: pred.spacing, data: labelData(pred, `--pred ${opts.pred}`) },
    { toleranceMm: opts.toleranceMm },
  );
  const labels = Object.fromEntries([...metrics].map(([value, m]) => [String(value), m]));
  if (opts.json) {
    printJson({
      labels,
      spacingMm: label.spacing,
      toleranceMm: opts.toleranceMm,
      pred: opts.pred,
      label: opts.label,
    });
    return;
  }
  process.stdout.write(
    `spacing ${label.spacing.map((s) => fmt(s, 3)).join(" × ")} mm, NSD tolerance ${opts.toleranceMm} mm\n`,
  );
  process.stdout.write("label        DSC      NSD     HD95 (mm)\n");
  for (const [value, m] of metrics) {
    process.stdout.write(
      `${String(value).padEnd(8)} ${fmt(m.dice, 4).padStart(7)} ${fmt(m.nsd, 4).padStart(8)} ${fmt(m.hd95, 2).padStart(12)}\n`,
    );
  }
}
