import type { PickerOptions } from "@/lib/ranking/load-leaderboard.ts";

/** A plain GET form: the chosen leaderboard lives in the query string, so it is a link to share. */
export function SlicePicker({
  options,
  suite,
  classId,
}: {
  options: PickerOptions;
  suite: string | undefined;
  classId: string | undefined;
}) {
  return (
    <form
      method="get"
      className="row card"
      aria-label="Choose a leaderboard"
      data-testid="leaderboard-picker"
    >
      <label>
        Device class
        <select name="class" defaultValue={classId ?? ""} data-testid="picker-class">
          {options.classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Suite
        <select name="suite" defaultValue={suite ?? ""} data-testid="picker-suite">
          {options.suites.map((s) => (
            <option key={s.sha256} value={s.sha256}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button type="submit">Show</button>
    </form>
  );
}
