import type { JsonSchema } from "./json-schema.ts";

export interface FieldRow {
  path: string;
  type: string;
  required: boolean;
  description: string;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;
const code = (value: unknown) => `\`${JSON.stringify(value)}\``;
const asSchema = (value: unknown) => (value && typeof value === "object" ? (value as JsonSchema) : null);

/** The schema without its null alternative: `X | null` → X (null when nothing or several remain). */
function withoutNull(schema: JsonSchema): JsonSchema | null {
  const options = (schema["anyOf"] as JsonSchema[] | undefined)?.filter((o) => o["type"] !== "null");
  if (options) return options.length === 1 ? (options[0] ?? null) : null;
  const type = schema["type"];
  if (Array.isArray(type)) return { ...schema, type: type.find((t) => t !== "null") };
  return schema;
}

function range(min: unknown, max: unknown, unit = ""): string {
  const lo = typeof min === "number" && min > -MAX_SAFE ? min : null;
  const hi = typeof max === "number" && max < MAX_SAFE ? max : null;
  if (lo !== null && hi !== null) return ` ${lo}–${hi}${unit}`;
  if (lo !== null) return ` ≥ ${lo}${unit}`;
  if (hi !== null) return ` ≤ ${hi}${unit}`;
  return "";
}

function stringLabel(s: JsonSchema): string {
  if (s["format"]) return `string (${s["format"]})`;
  const pattern = s["pattern"] ? ` matching \`${s["pattern"]}\`` : "";
  return `string${pattern}${range(s["minLength"], s["maxLength"], " chars")}`;
}

function numberLabel(s: JsonSchema): string {
  const exclusive = typeof s["exclusiveMinimum"] === "number" ? ` > ${s["exclusiveMinimum"]}` : "";
  return `${s["type"]}${exclusive || range(s["minimum"], s["maximum"])}`;
}

/** A short human type for a JSON Schema: `integer ≥ 1`, `"a" \| "b"`, `array of DeviceInfo`. */
export function typeLabel(s: JsonSchema): string {
  if (typeof s["$ref"] === "string") {
    const name = s["$ref"].split("/").pop() ?? "";
    return `[${name}](#${name.toLowerCase()})`;
  }
  if ("const" in s) return code(s["const"]);
  if (Array.isArray(s["enum"])) return s["enum"].map(code).join(" | ");
  const anyOf = s["anyOf"] as JsonSchema[] | undefined;
  if (anyOf) return anyOf.map(typeLabel).join(" | ");
  if (Array.isArray(s["type"])) {
    return (s["type"] as string[])
      .map((t) => (t === "null" ? "null" : typeLabel({ ...s, type: t })))
      .join(" | ");
  }
  switch (s["type"]) {
    case "string":
      return stringLabel(s);
    case "integer":
    case "number":
      return numberLabel(s);
    case "array": {
      const items = asSchema(s["items"]);
      return `array of ${items ? typeLabel(items) : "any"}${range(s["minItems"], s["maxItems"], " items")}`;
    }
    case "object": {
      const values = asSchema(s["additionalProperties"]);
      return values && !s["properties"] ? `map of string → ${typeLabel(values)}` : "object";
    }
    default:
      return String(s["type"] ?? "any");
  }
}

/** Every field of an object schema, nested fields as `a.b`, array items as `a[].b`, map values as `a.{key}.b`. */
export function fieldRows(schema: JsonSchema, prefix = ""): FieldRow[] {
  const properties = (schema["properties"] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema["required"] ?? []) as string[]);
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const path = `${prefix}${name}`;
    const inner = withoutNull(property);
    const description = String(property["description"] ?? inner?.["description"] ?? "");
    rows.push({ path, type: typeLabel(property), required: required.has(name), description });
    if (!inner || inner["$ref"]) continue;
    const items = asSchema(inner["items"]);
    const values = asSchema(inner["additionalProperties"]);
    if (inner["properties"]) rows.push(...fieldRows(inner, `${path}.`));
    else if (items?.["properties"]) rows.push(...fieldRows(items, `${path}[].`));
    else if (values?.["properties"]) rows.push(...fieldRows(values, `${path}.{key}.`));
  }
  return rows;
}
