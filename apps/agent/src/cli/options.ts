import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

/** Parses commander's raw option values with a zod schema; the error names the flag and the fix. */
export function parseOptions<T extends z.ZodType>(schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => {
    const flag = issue.path.length > 0 ? `--${toKebab(String(issue.path[0]))}` : "options";
    return `${flag}: ${issue.message}`;
  });
  throw new AppError("USAGE", `invalid option ${problems.join("; ")} (see --help)`);
}

function toKebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** A numeric flag given as a string on the command line. */
export const numberFlag = (what: string) =>
  z.coerce.number({ error: `${what} must be a number` }).refine(Number.isFinite, `${what} must be a number`);
