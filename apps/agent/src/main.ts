// First: it configures zod before any schema is built (daemon/zod-jitless.ts).
import "./daemon/zod-jitless.ts";
import { exitQuietlyOnBrokenPipe, handleFatal } from "@edgeseg/protocol";
import { Command } from "commander";
import { AGENT_VERSION } from "./version.ts";

/** Commands are imported lazily: `edgeseg-agent info` must not pay for loading ONNX Runtime. */
const program = new Command()
  .name("edgeseg-agent")
  .description("Benchmarks medical segmentation models on this device and reports numbers, never images.")
  .version(AGENT_VERSION)
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

program
  .command("bench")
  .description("run a model (or the standard suite) on a dataset: accuracy, latency, resources")
  .option("--model <manifest>", "model manifest (JSON)")
  .option("--dataset <dir>", "dataset directory in the nnU-Net / MSD layout")
  .option("--suite <id|file>", "run a whole benchmark suite, e.g. standard-v1")
  .option("--backend <name>", "auto | node | wasm", "auto")
  .option(
    "--threads <n>",
    "intra-op threads (0 = ONNX Runtime's default, one per physical core; default: the device class's); the result records the number used",
  )
  .option(
    "--min-duration <s>",
    "SingleStream minimum duration in seconds, per repeat (default with --model: 3, i.e. ≥ 9 s over the 3–6 repeats; a suite pins its own)",
  )
  .option(
    "--min-queries <n>",
    "SingleStream minimum query count, per repeat (default with --model: 200; below 100 the p99 is INVALID)",
  )
  .option(
    "--max-duration <s>",
    "SingleStream hard time cap in seconds, per repeat (default with --model: 60): a model whose p50 × the minimum query count exceeds it is INVALID by construction — the output suggests settings and the exit code is 10",
  )
  .option("--max-cases <n>", "evaluate at most this many cases")
  .option(
    "--offline-images <n>",
    "Offline images to time (default with --model: 64; a suite pins its own); --offline-queries is the older name",
  )
  .option("--offline-queries <n>", "same as --offline-images")
  .option(
    "--offline-max-ms <ms>",
    "Offline time cap in milliseconds: stop short of the image count after this long (default with --model: 30000)",
  )
  .option("--repeats-min <n>", "SingleStream repeats at least (1–50; default: the suite's, 3 for --model)")
  .option("--repeats-max <n>", "SingleStream repeats at most while the p50 spreads (1–50; default 6)")
  .option("--max-cov <percent>", "stop repeating once the p50 CoV is at most this many percent (default 3.5)")
  .option("--no-memory-arena", "disable ONNX Runtime's CPU memory arena (lower peak memory)")
  .option("--no-memory-pattern", "disable memory pattern planning (lower peak memory)")
  .option("--timeout <s>", "kill the run after this many seconds", "3600")
  .option("--memory-limit <MB>", "kill the run when its resident memory passes this many MB")
  .option("--json <file>", "write the result document(s) to this file")
  .action(async (opts) => (await import("./commands/bench/index.ts")).benchCommand(opts));

program
  .command("finetune")
  .description(
    "fine-tune a model's trainable part on a second scanner site on this device: time per step and epoch, peak memory, DSC before -> after",
  )
  .option("--model <manifest>", "model manifest (JSON) whose fineTuning names the cut and the loss")
  .option(
    "--suite <id|file>",
    "every model of a suite with a fineTuning scenario (default scenario: standard-v1's)",
  )
  .option("--threads <n>", "intra-op threads (0 = ONNX Runtime's default; default: the device class's)")
  .option("--steps <n>", "stop after this many optimizer steps (default: the scenario's maxSteps)")
  .option("--epochs <n>", "epochs over the training slices (default: the scenario's)")
  .option("--train-slices <n>", "annotated slices trained on (default: the scenario's)")
  .option("--timeout <s>", "kill the fine-tuning after this many seconds", "43200")
  .option(
    "--memory-limit <MB>",
    "kill the fine-tuning when its resident memory passes this many MB (a failed block, out-of-memory)",
  )
  .option("--json <file>", "write the fine-tuning result(s) to this file")
  .action(async (opts) => (await import("./commands/finetune/index.ts")).finetuneCommand(opts));

program
  .command("eval")
  .description("score a predicted label volume against a ground-truth one (DSC, NSD, HD95)")
  .requiredOption("--pred <nifti>", "predicted label volume (.nii or .nii.gz)")
  .requiredOption("--label <nifti>", "ground-truth label volume (.nii or .nii.gz)")
  .option("--tolerance-mm <mm>", "NSD tolerance in millimetres", "2")
  .option("--json", "print one JSON object to stdout")
  .action(async (opts) => (await import("./commands/eval/index.ts")).evalCommand(opts));

program
  .command("info")
  .description("show this device's hardware and the device class it matches")
  .option("--json", "print one JSON object to stdout")
  .option(
    "--root <dir>",
    "read proc/, sys/ and etc/ under this directory (a recorded board tree) instead of /",
  )
  .action(async (opts) => (await import("./commands/info/index.ts")).infoCommand(opts));

program
  .command("phantom")
  .description("write the synthetic abdominal CT dataset (phantom-abdomen-v1) in the MSD layout")
  .requiredOption("--out <dir>", "output directory")
  .option("--split <split>", "test | train", "test")
  .option("--cases <n>", "number of cases (default: the split's standard size)")
  .option("--json", "print a JSON summary to stdout")
  .action(async (opts) => (await import("./commands/phantom/index.ts")).phantomCommand(opts));

const skeleton = program
  .command("skeleton")
  .description("model skeletons: an ONNX model without its weight values, filled on the device for timing");
skeleton
  .command("strip <model>")
  .description("replace each weight tensor of an ONNX model by its statistics (the graph is kept)")
  .requiredOption("--out <file>", "where to write the skeleton")
  .option("--json", "print one JSON object to stdout")
  .action(async (model, opts) =>
    (await import("./commands/skeleton/index.ts")).skeletonStripCommand(model, opts),
  );
skeleton
  .command("fill <skeleton>")
  .description("fill a skeleton's weights from its statistics (seeded, deterministic) into a runnable model")
  .requiredOption("--out <model>", "where to write the filled ONNX model")
  .option("--json", "print one JSON object to stdout")
  .action(async (file, opts) =>
    (await import("./commands/skeleton/index.ts")).skeletonFillCommand(file, opts),
  );

program
  .command("enroll")
  .description(
    "enrol this device with a hub: exchange a token for its id and secret (config file, mode 0600) and register the key that signs its results",
  )
  .requiredOption("--hub <url>", "the hub's URL, e.g. https://hub.local:8080")
  .requiredOption("--token <token>", "enrolment token from the hub (edgeseg-hub token create)")
  .option(
    "--ca-fingerprint <sha256>",
    "the hub CA's fingerprint (edgeseg-hub tls fingerprint); required for an https:// hub, pinned from then on",
  )
  .option(
    "--config <file>",
    "agent config file (default: $EDGESEG_AGENT_CONFIG or ~/.config/edgeseg/agent.json)",
  )
  .option("--name <name>", "a human name for this device, e.g. the clinic room")
  .option("--json", "print one JSON object to stdout")
  .action(async (opts) => (await import("./commands/enroll/index.ts")).enrollCommand(opts));

program
  .command("set-secret")
  .description("store a new device secret from stdin (after the hub rotated it), then restart the agent")
  .option(
    "--config <file>",
    "agent config file (default: $EDGESEG_AGENT_CONFIG or ~/.config/edgeseg/agent.json)",
  )
  .action(async (opts) => (await import("./commands/set-secret/index.ts")).setSecretCommand(opts));

program
  .command("run")
  .description("connect to the hub and run its benchmark jobs until SIGTERM (the agent daemon)")
  .option(
    "--config <file>",
    "agent config file (default: $EDGESEG_AGENT_CONFIG or ~/.config/edgeseg/agent.json)",
  )
  .action(async (opts) => (await import("./commands/run/index.ts")).runCommand(opts));

program
  .command("status")
  .description(
    "show this agent's version, config, enrolment, hub reachability, service state, last job and result, spool",
  )
  .option(
    "--config <file>",
    "agent config file (default: $EDGESEG_AGENT_CONFIG or ~/.config/edgeseg/agent.json)",
  )
  .option("--timeout <s>", "how long to wait for the hub", "5")
  .option("--json", "print one JSON object to stdout")
  .action(async (opts) => (await import("./commands/status/index.ts")).statusCommand(opts));

program
  .command("install-service")
  .description("write a systemd unit that starts `edgeseg-agent run` at boot (runs no systemctl)")
  .option(
    "--config <file>",
    "agent config file (default: $EDGESEG_AGENT_CONFIG or ~/.config/edgeseg/agent.json)",
  )
  .option("--user <name>", "run the service as this user (it must own the config file and data directory)")
  .option("--output <path>", "where to write the unit (default: /etc/systemd/system/edgeseg-agent.service)")
  .option(
    "--install-dir <dir>",
    "the installation directory install.sh made: start <dir>/current/agent.mjs, and let the service write <dir> (self-update)",
  )
  .option("--print", "print the unit to stdout instead of writing it")
  .action(async (opts) => (await import("./commands/install-service/index.ts")).installServiceCommand(opts));

exitQuietlyOnBrokenPipe();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  handleFatal("edgeseg-agent", error);
}
