import { firstLine } from "./errors.ts";

export interface ProviderLogger {
  warn(obj: object, msg: string): void;
}

export interface ProviderChoice<S> {
  session: S;
  executionProvider: string;
  fallbackReasons: string[];
}

/**
 * Tries the requested execution providers in order and falls back to the CPU one, which always
 * exists. Providers listed after a CPU alias are never reached: CPU is the last resort. ONNX Runtime
 * refuses a whole provider list when one provider's library is missing, so each is tried alone
 * (ORT appends its CPU provider for the nodes the first one cannot run).
 */
export async function createWithFallback<S>(
  requested: readonly string[],
  cpuAliases: readonly string[],
  attempt: (provider: string) => Promise<S>,
  logger: ProviderLogger,
): Promise<ProviderChoice<S>> {
  const cpu = cpuAliases[0]!;
  const cut = requested.findIndex((p) => cpuAliases.includes(p));
  const candidates = cut === -1 ? requested : requested.slice(0, cut);
  const fallbackReasons: string[] = [];
  for (const provider of candidates) {
    try {
      return { session: await attempt(provider), executionProvider: provider, fallbackReasons };
    } catch (err) {
      const reason = `execution provider "${provider}" is not available here (${firstLine(err)}); falling back`;
      logger.warn({ provider }, reason);
      fallbackReasons.push(reason);
    }
  }
  return { session: await attempt(cpu), executionProvider: cpu, fallbackReasons };
}
