import { z } from "zod";

// Imported first by main.ts, before any schema is built: zod 4 decides per object schema, when it is
// built, whether to compile a parser for it with `new Function` on its first parse. In the daemon,
// which validates a few messages a minute, those parsers' source and bytecode stayed for good: after
// two jobs (the result document's schemas) the heap held 0.86 MB more with them than without, idle
// 0.2 MB (heap snapshots, docs/performance.md). Only `run` turns them off: other commands end.
if (process.argv[2] === "run") z.config({ jitless: true });
