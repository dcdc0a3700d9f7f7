import type { z } from "zod";

/** One "field.path: what is wrong" per zod issue, e.g. "graphs.model.sha256: expected a lowercase hex …". */
export function describeIssues(error: z.ZodError, max = 8): string {
  const lines = error.issues.slice(0, max).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > max ? `; and ${error.issues.length - max} more` : "";
  return lines.join("; ") + more;
}
