"use client";

import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition } from "react";

/**
 * Re-renders the page's server components every few seconds (router.refresh keeps client state and
 * scroll position). Skipped while the tab is hidden or a refresh is still in flight, so a slow server
 * never piles up requests.
 */
export function LiveRefresh({ intervalMs = 5000, renderedAt }: { intervalMs?: number; renderedAt: string }) {
  const router = useRouter();
  const [live, setLive] = useState(true);
  const [pending, startTransition] = useTransition();

  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && !pending) startTransition(() => router.refresh());
    }, intervalMs);
    return () => clearInterval(timer);
  }, [live, pending, intervalMs, router]);

  return (
    <p className="muted live" data-testid="live-refresh">
      <label className="inline">
        <input type="checkbox" checked={live} onChange={(e) => setLive(e.target.checked)} />
        Live updates every {Math.round(intervalMs / 1000)} s
      </label>{" "}
      <span data-testid="rendered-at" aria-live="off">
        updated {renderedAt.slice(11, 19)} UTC
      </span>
    </p>
  );
}
