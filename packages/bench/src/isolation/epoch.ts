/**
 * Milliseconds since the Unix epoch with sub-millisecond resolution. Parent and child processes each
 * have their own performance.now() origin; timeOrigin + now() puts both on one clock, so the child's
 * phase boundaries can be laid over the parent's sensor samples.
 */
export const epochMs = (): number => performance.timeOrigin + performance.now();
