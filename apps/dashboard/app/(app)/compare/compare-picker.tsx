import type { ComparisonPage } from "@/lib/ranking/load-comparison.ts";

/** GET form: the suite and the classes (two or more) to compare live in the query string. */
export function ComparePicker({ page }: { page: ComparisonPage }) {
  const chosen = new Set(page.classes.map((c) => c.id));
  return (
    <form method="get" className="row card" aria-label="Choose what to compare" data-testid="compare-picker">
      <label>
        Suite
        <select name="suite" defaultValue={page.suite?.sha256 ?? ""} data-testid="compare-suite">
          {page.suites.map((s) => (
            <option key={s.sha256} value={s.sha256}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="row">
        <legend>Device classes</legend>
        {page.available.map((c) => (
          <label className="inline" key={c.id}>
            <input
              type="checkbox"
              name="class"
              value={c.id}
              defaultChecked={chosen.has(c.id)}
              data-testid="compare-class-option"
            />
            {c.name}
          </label>
        ))}
      </fieldset>
      <button type="submit">Compare</button>
    </form>
  );
}
