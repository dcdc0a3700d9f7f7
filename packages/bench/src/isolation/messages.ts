import { z } from "zod";

/** The child's own view of its cost, from process.resourceUsage() just before it reports. */
export const selfUsageSchema = z.object({
  /** ru_maxrss in kilobytes (getrusage(2)). */
  maxRssKb: z.number().nonnegative(),
  userUs: z.number().nonnegative(),
  systemUs: z.number().nonnegative(),
});

/** parent → child: the one message that starts the work. */
export const inputMessageSchema = z.object({ type: z.literal("input"), input: z.unknown() });

/** child → parent. A message that does not parse is ignored: the child is not trusted to be well-behaved. */
export const childMessageSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("progress"), payload: z.unknown() }),
  z.object({ type: z.literal("result"), value: z.unknown(), usage: selfUsageSchema }),
  z.object({
    type: z.literal("error"),
    message: z.string(),
    code: z.string().nullable(),
    usage: selfUsageSchema,
  }),
]);

export type SelfUsage = z.infer<typeof selfUsageSchema>;
export type ChildMessage = z.infer<typeof childMessageSchema>;
