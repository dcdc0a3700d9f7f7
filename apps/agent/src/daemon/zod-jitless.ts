import { z } from "zod";

// Imported first by main.ts, before any schema is built: zod 4 decides per object schema, when it is
// built, whether to compile a parser for it with `new Function` on its first parse. Those parsers'
// source text and bytecode stayed in the daemon for good (0.3 MB of source for the result document's
// schemas alone, measured in a heap snapshot after two jobs, docs/performance.md), for messages the
// daemon validates a few times a minute. Only `run` turns it off: a CLI command ends with its work.
if (process.argv[2] === "run") z.config({ jitless: true });
