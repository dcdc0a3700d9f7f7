import type { FleetFilter } from "@/lib/fleet/filter.ts";
import type { ClassCount } from "@/lib/fleet/load-fleet.ts";
import { deviceStates } from "@/lib/fleet/state.ts";

/** A plain GET form: filters live in the query string, so a filtered view is a link to share. */
export function FleetFilters({
  filter,
  classes,
  tags,
}: {
  filter: FleetFilter;
  classes: ClassCount[];
  tags: string[];
}) {
  return (
    <form method="get" className="row card" aria-label="Filter devices" data-testid="fleet-filters">
      <label>
        Device class
        <select name="class" defaultValue={filter.class ?? ""}>
          <option value="">all classes</option>
          {classes.map((c) => (
            <option key={c.deviceClassId} value={c.deviceClassId}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Tag
        <select name="tag" defaultValue={filter.tag ?? ""}>
          <option value="">any tag</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select name="status" defaultValue={filter.status ?? ""}>
          <option value="">any status</option>
          {deviceStates.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Apply</button>
      <a href="/">Clear</a>
    </form>
  );
}
