import { createDispatcher } from "./dispatch/index.ts";
import type { DispatcherFactory } from "./dispatch-contract.ts";

/** The dispatcher `edgeseg-hub serve` runs (apps/hub/src/dispatch). */
export const dispatcher: DispatcherFactory = (deps) => createDispatcher(deps);
