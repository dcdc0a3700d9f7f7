import { performance } from "node:perf_hooks";

/**
 * Publish-to-arrival bookkeeping for results, on one monotonic clock (publishers and the observer
 * live in this process). "Arrival" is whatever proves the message reached its destination: the
 * PUBACK from the hub's embedded broker (sent only after the row is committed) or the relay's
 * subscriber receiving it.
 */
export function arrivals(onArrive?: (id: string) => void) {
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let count = 0;
  let last = 0;
  return {
    latencies,
    sent(id: string) {
      sentAt.set(id, performance.now());
    },
    /** `at`: when it arrived (performance.now() time), if observed later than that. */
    arrived(id: string, at = performance.now()) {
      const t0 = sentAt.get(id);
      if (t0 === undefined) return;
      sentAt.delete(id);
      last = Math.max(last, at);
      latencies.push(at - t0);
      count++;
      onArrive?.(id);
    },
    count: () => count,
    /** performance.now() of the latest arrival (0 before any). */
    last: () => last,
    outstanding: () => sentAt.size,
  };
}

export type Arrivals = ReturnType<typeof arrivals>;
