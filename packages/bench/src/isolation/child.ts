import { AppError } from "@edgeseg/protocol";
import { type ChildMessage, inputMessageSchema, type SelfUsage } from "./messages.ts";

export type Report = (msg: unknown) => void;

/** Exit code when the parent disappears: nobody is left to receive the result (sysexits EX_SOFTWARE). */
const PARENT_GONE = 70;

/**
 * The body of a child entry module started by runIsolated: waits for the input, runs `handler`, sends
 * its value (or its error) and its own resource usage back, then exits. `report` forwards progress
 * messages to the parent's onMessage.
 */
export function childMain<I, O>(handler: (input: I, report: Report) => Promise<O>): void {
  if (!process.send)
    throw new AppError("USAGE", "childMain() only runs in a process started by runIsolated().");
  process.on("disconnect", () => process.exit(PARENT_GONE));
  process.once("message", (msg) => void run(handler, msg));
}

async function run<I, O>(handler: (input: I, report: Report) => Promise<O>, msg: unknown): Promise<never> {
  const parsed = inputMessageSchema.safeParse(msg);
  if (!parsed.success)
    return finish(failure(new Error("the first message from the parent was not {type: 'input'}")));
  const report: Report = (payload) => process.send!({ type: "progress", payload } satisfies ChildMessage);
  try {
    const value = await handler(parsed.data.input as I, report);
    return finish({ type: "result", value, usage: selfUsage() });
  } catch (error) {
    return finish(failure(error));
  }
}

async function finish(msg: ChildMessage): Promise<never> {
  const sendError = await send(msg);
  // A value that cannot be cloned (a function, an object holding native handles) is an error too.
  if (sendError && msg.type === "result") {
    await send(failure(new Error(`the result could not be sent to the parent: ${sendError.message}`)));
    process.exit(1);
  }
  process.exit(msg.type === "result" ? 0 : 1);
}

function send(msg: ChildMessage): Promise<Error | null> {
  return new Promise((resolve) => {
    try {
      process.send!(msg, undefined, {}, (error) => resolve(error ?? null));
    } catch (error) {
      resolve(error as Error);
    }
  });
}

function failure(error: unknown): ChildMessage {
  const e = error as { message?: unknown; code?: unknown };
  const message = typeof e?.message === "string" ? e.message : String(error);
  return { type: "error", message, code: typeof e?.code === "string" ? e.code : null, usage: selfUsage() };
}

function selfUsage(): SelfUsage {
  const u = process.resourceUsage();
  return { maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime };
}
