import { z } from "zod";
import { deviceStates } from "./state.ts";

const optional = z
  .string()
  .trim()
  .max(100)
  .optional()
  .transform((v) => (v ? v : undefined));

/** The fleet page's filters, from its query string (?class=…&tag=…&status=…). */
export const fleetFilterSchema = z.object({
  class: optional,
  tag: optional,
  status: z.enum(deviceStates).optional().catch(undefined), // an unknown status shows everything rather than an error page
});

export type FleetFilter = z.output<typeof fleetFilterSchema>;

export function parseFleetFilter(query: Record<string, string | string[] | undefined>): FleetFilter {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return fleetFilterSchema.parse({
    class: first(query.class),
    tag: first(query.tag),
    status: first(query.status),
  });
}
