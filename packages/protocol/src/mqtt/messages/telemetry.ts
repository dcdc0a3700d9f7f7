import { z } from "zod";
import { entityIdSchema, envelopeShape } from "./common.ts";

export const telemetryMessageSchema = z
  .object({
    ...envelopeShape,
    intervalMs: z
      .number()
      .int()
      .positive()
      .describe(
        "How often the agent sends telemetry; the hub may call a device stale after three missed beats.",
      ),
    cpuPercent: z
      .number()
      .min(0)
      .max(100)
      .describe(
        "CPU busy time since the previous heartbeat, in percent of all cores (100 = every core busy).",
      ),
    memoryUsedMb: z
      .number()
      .nonnegative()
      .describe("Memory in use (total minus available), MB; at most memoryTotalMb."),
    memoryTotalMb: z.number().positive().describe("Physical memory, MB."),
    temperatureC: z
      .number()
      .nullable()
      .describe("SoC / CPU temperature, degrees Celsius; null where not exposed."),
    frequencyMhz: z
      .number()
      .nonnegative()
      .nullable()
      .describe("Current CPU clock, highest across cores, MHz; null where not exposed."),
    throttling: z
      .object({
        active: z.boolean().describe("The device is throttled, frequency-capped or under-voltage right now."),
        flags: z
          .string()
          .max(40)
          .nullable()
          .describe("Raw platform flags, e.g. the Raspberry Pi firmware's get_throttled value 0x50005."),
      })
      .strict()
      .nullable()
      .describe("Throttling state; null where the platform exposes none."),
    spoolDepth: z
      .number()
      .int()
      .nonnegative()
      .describe(
        "Results in the disk spool: not yet acknowledged by the broker, or awaiting the hub's storage receipt.",
      ),
    currentJobId: entityIdSchema.nullable().describe("The job running now; null when idle."),
  })
  .strict()
  .refine((m) => m.memoryUsedMb <= m.memoryTotalMb, {
    message: "memoryUsedMb cannot exceed memoryTotalMb",
    path: ["memoryUsedMb"],
  })
  .describe(
    "Periodic heartbeat: load, memory, temperature, spool depth. A lost one is replaced by the next.",
  );

export type TelemetryMessage = z.infer<typeof telemetryMessageSchema>;
