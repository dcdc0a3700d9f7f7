import { existsSync } from "node:fs";
import { join } from "node:path";
import { describeDevice } from "@edgeseg/bench";
import { z } from "zod";
import { parseOptions } from "../../cli/options.ts";
import { printJson } from "../../cli/output.ts";

const optionsSchema = z.object({
  json: z.boolean().default(false),
  root: z
    .string()
    .refine((d) => existsSync(join(d, "proc", "cpuinfo")), "expected a recorded tree with proc/cpuinfo in it")
    .optional(),
});

export async function infoCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(optionsSchema, raw);
  const { info, profile } = await describeDevice(opts.root ? { root: opts.root } : {});
  if (opts.json) {
    printJson({ device: info, profile });
    return;
  }
  const rows: [string, string][] = [
    ["device class", `${info.deviceClass.name} (${info.deviceClass.id})`],
    ["matched by", info.deviceClass.matchedRule],
    ["board", info.boardModel ?? "—"],
    ["CPU", `${info.cpuModel}, ${info.cores} cores, ${info.arch}`],
    ["RAM", `${Math.round(info.ramMb)} MB`],
    ["OS", `${info.os}, kernel ${info.kernel}`],
    ["Node / ONNX Runtime", `${info.nodeVersion} / ${info.onnxruntimeVersion}`],
    ["memory budget", `${profile.budgets.memoryMb} MB per model run`],
    ["time budget", `${profile.budgets.caseTimeSeconds} s per case`],
    [
      "recommended runtime",
      `${profile.runtime.backend}, ${profile.runtime.threads} threads, arena ${onOff(profile.runtime.memoryArena)}, pattern ${onOff(profile.runtime.memoryPattern)}`,
    ],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(22)} ${v}\n`);
}

const onOff = (v: boolean) => (v ? "on" : "off");
