/**
 * Raw queries lose Prisma's column types: SQLite returns COUNT/SUM as bigint or number, and a
 * DATETIME read through an aggregate as a string or number. These turn them back.
 */
export function toCount(value: bigint | number | null | undefined): number {
  return value === null || value === undefined ? 0 : Number(value);
}

export function toDate(value: Date | string | number | bigint | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  if (typeof value === "string" && !/^\d+$/.test(value)) return new Date(value);
  return new Date(Number(value));
}

export function toBool(value: boolean | number | bigint | null | undefined): boolean | null {
  return value === null || value === undefined ? null : Boolean(Number(value));
}
