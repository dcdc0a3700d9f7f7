import Link from "next/link";
import type { ClassCount } from "@/lib/fleet/load-fleet.ts";

export function ClassCounts({ counts }: { counts: ClassCount[] }) {
  return (
    <section aria-labelledby="counts-heading">
      <h2 id="counts-heading" className="visually-hidden">
        Devices per class
      </h2>
      <ul className="tiles" data-testid="class-counts">
        {counts.map((c) => (
          <li key={c.deviceClassId} data-testid="class-count" data-class={c.deviceClassId}>
            <Link href={`/?class=${encodeURIComponent(c.deviceClassId)}`}>{c.name}</Link>
            <span className="value">
              <span data-testid="class-count-online">{c.online}</span>
              <span className="muted"> / </span>
              <span data-testid="class-count-total">{c.total}</span>
            </span>
            <span className="muted">online / devices</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
