/**
 * PRETTY_NAME from os-release(5): shell-style KEY=value lines, values optionally quoted.
 * Falls back to NAME + VERSION_ID when PRETTY_NAME is missing.
 */
export function parseOsRelease(text: string): string | null {
  const fields = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) fields.set(m[1]!, unquote(m[2]!));
  }
  const pretty = fields.get("PRETTY_NAME");
  if (pretty) return pretty;
  const name = fields.get("NAME");
  return name ? [name, fields.get("VERSION_ID")].filter(Boolean).join(" ") : null;
}

function unquote(value: string): string {
  const m = /^(["'])(.*)\1$/.exec(value);
  return (m ? m[2]! : value).replace(/\\(["\\$`])/g, "$1");
}
