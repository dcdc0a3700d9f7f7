import { exitQuietlyOnBrokenPipe, handleFatal } from "@edgeseg/protocol";
import { Command } from "commander";
import { HUB_VERSION } from "./version.ts";

/** Commands are imported lazily, so `edgeseg-hub token create` does not load the broker. */
const program = new Command()
  .name("edgeseg-hub")
  .description(
    "edgeseg hub: MQTT broker with per-device credentials, ingest, presence, enrolment and artifacts.",
  )
  .version(HUB_VERSION)
  .showHelpAfterError("(run with --help for usage)")
  .exitOverride();

program
  .command("serve", { isDefault: true })
  .description("run the hub (default command); every flag also reads EDGESEG_<NAME> from the environment")
  .option("--data-dir <dir>", "database, artifacts and service secret (EDGESEG_DATA_DIR)")
  .option(
    "--database-url <url>",
    "postgresql://user:password@host:5432/edgeseg instead of <data-dir>/edgeseg.db (EDGESEG_DATABASE_URL)",
  )
  .option("--host <address>", "address to listen on (default 127.0.0.1)")
  .option("--mqtt-port <port>", "MQTT over TCP, or TLS with --tls-cert (default 1883; 0 = any free port)")
  .option("--ws-port <port>", "MQTT over WebSocket (default 8083; off = none)")
  .option("--http-port <port>", "enrolment, artifacts, health (default 8080)")
  .option(
    "--tls-cert <file>",
    "PEM certificate: serve MQTT, WebSocket and HTTP over TLS (default: <data-dir>/tls from tls init)",
  )
  .option("--tls-key <file>", "PEM private key for --tls-cert")
  .option(
    "--tls-ca <file>",
    "the CA certificate --tls-cert chains to: enrolling agents pin it (EDGESEG_TLS_CA)",
  )
  .option("--insecure", "serve without TLS on a non-loopback --host (EDGESEG_INSECURE=1); refused otherwise")
  .option("--broker <url>", "use this external broker (mqtt://host:1883) instead of the embedded one")
  .option(
    "--broker-admin-user <name>",
    "the --broker's dynamic security admin (Mosquitto 2): the hub provisions device clients and roles there",
  )
  .option(
    "--broker-admin-password-file <file>",
    "its password, first line of the file (or EDGESEG_BROKER_ADMIN_PASSWORD)",
  )
  .option(
    "--broker-sync-ms <ms>",
    "how often the broker's device clients are checked against the database (default 5000)",
  )
  .option(
    "--hub-id <name>",
    "this hub's name among several on one database and broker: its leases and MQTT session (EDGESEG_HUB_ID)",
  )
  .option(
    "--ingest-connections <n>",
    "connections this hub reads the shared ingest through, with --broker and --hub-id (default 64)",
  )
  .option(
    "--lease-ms <ms>",
    "how long a dispatch lease lasts unrenewed before another hub takes the job over (default 30000)",
  )
  .option(
    "--job-timeout-grace-ms <ms>",
    "how long past a running job's timeout the hub waits for its result before re-queuing it (default 300000)",
  )
  .option("--public-http-url <url>", "HTTP base URL given to enrolling agents (default: the URL they used)")
  .option("--public-mqtt-url <url>", "MQTT URL given to enrolling agents")
  .option(
    "--auth-failures-per-address <n>",
    "failed log-ins from one address that start back-off (default 20)",
  )
  .option(
    "--auth-failures-per-identity <n>",
    "failed log-ins for one device id that start back-off (default 5)",
  )
  .option("--max-auth-checks <n>", "secret checks in flight per surface; more are answered busy (default 2)")
  .option("--max-connections-per-address <n>", "open connections per source address (default 256)")
  .option("--max-connections <n>", "open connections in total, per listener family (default 4096)")
  .option("--results-per-hour <n>", "results one device may deliver per hour, after its burst (default 120)")
  .option("--result-burst <n>", "results one device may deliver at once (default 60)")
  .option("--log-level <level>", "fatal | error | warn | info | debug | trace | silent (default info)")
  .option(
    "--agent-bundles <dir>",
    "agent release bundles served to install.sh and self-update (npm run build:agent's output; default <data-dir>/agent-bundles)",
  )
  .action(async (opts) => (await import("./commands/serve.ts")).serveCommand(opts));

const token = program.command("token").description("enrolment tokens");
token
  .command("create")
  .description("print a new single-use enrolment token (shown once)")
  .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
  .option("--expires <duration>", "validity, e.g. 30m, 24h, 7d", "24h")
  .option("--approval", "devices enrolled with this token stay pending until approved")
  .option("--json", "print { id, token, expiresAt, requiresApproval } as JSON")
  .action(async (opts) => (await import("./commands/token.ts")).tokenCreateCommand(opts));
token
  .command("revoke <tokenId>")
  .description("expire an unused enrolment token now (its id is in token create's output)")
  .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
  .option("--json", "print { id, expiresAt } as JSON")
  .action(async (id, opts) => (await import("./commands/token.ts")).tokenRevokeCommand(id, opts));

const device = program.command("device").description("enrolled devices");
const brokerFlagsHelp =
  "\nWith an external Mosquitto that the hub provisions (docs/brokers.md), give the broker flags (or the\nEDGESEG_BROKER* variables serve uses) so the change reaches the broker at once; a rotated secret can\nreach it only this way.";
device
  .command("list")
  .description("list enrolled devices")
  .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
  .option("--json", "print a JSON array")
  .action(async (opts) => (await import("./commands/device.ts")).deviceListCommand(opts));
// Status changes go through @edgeseg/registry's transition table (packages/registry README).
const deviceAction = (action: "approve" | "disable" | "enable" | "remove", description: string) =>
  device
    .command(`${action} <deviceId>`)
    .description(description)
    .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
    .option("--json", "print { deviceId, action, before, after, changed, effect } as JSON")
    .addHelpText("after", brokerFlagsHelp)
    .option(
      "--broker <url>",
      "also tell this external broker now (EDGESEG_BROKER); else the hub does at its next sync",
    )
    .option("--broker-admin-user <name>", "its dynamic security admin (EDGESEG_BROKER_ADMIN_USER)")
    .option("--broker-admin-password-file <file>", "the admin's password (or EDGESEG_BROKER_ADMIN_PASSWORD)")
    .action(async (id, opts) => (await import("./commands/device.ts")).deviceActionCommand(action, id, opts));
deviceAction("approve", "let a pending device connect (a disabled one needs enable)");
deviceAction("disable", "close a device's connection and refuse its connections and downloads from now on");
deviceAction("enable", "let a disabled device connect again with its existing secret");
deviceAction("remove", "refuse a pending enrolment: delete the device and its secret");
device
  .command("update <deviceId>")
  .description(
    "tell the agent to update itself to the bundles this hub serves (it switches back if the new version does not come online)",
  )
  .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
  .option("--agent-bundles <dir>", "the bundles the hub serves (default <data-dir>/agent-bundles)")
  .option(
    "--mqtt-url <url>",
    "the running hub's broker (default mqtt://127.0.0.1:$EDGESEG_MQTT_PORT or 1883)",
  )
  .option(
    "--timeout <s>",
    "how long the new version has to come online before the agent switches back",
    "120",
  )
  .option("--json", "print { deviceId, from, to, platforms, timeoutS } as JSON")
  .action(async (id, opts) => (await import("./commands/agent-update.ts")).deviceUpdateCommand(id, opts));
device
  .command("rotate-secret <deviceId>")
  .description("give a device a new secret (printed once); the old one is refused from now on")
  .option("--data-dir <dir>", "the hub's data directory (EDGESEG_DATA_DIR)")
  .option("--json", "print { deviceId, secret } as JSON")
  .addHelpText("after", brokerFlagsHelp)
  .option("--broker <url>", "give the new secret to this external broker (EDGESEG_BROKER)")
  .option("--broker-admin-user <name>", "its dynamic security admin (EDGESEG_BROKER_ADMIN_USER)")
  .option("--broker-admin-password-file <file>", "the admin's password (or EDGESEG_BROKER_ADMIN_PASSWORD)")
  .action(async (id, opts) => (await import("./commands/device.ts")).deviceRotateSecretCommand(id, opts));

const dataDir = "the hub's data directory (EDGESEG_DATA_DIR)";
const tlsCommand = () => import("./commands/tls.ts");
const tls = program.command("tls").description("the hub's private CA and TLS certificate");
tls
  .command("init")
  .description("make a private CA and a server certificate in <data-dir>/tls (the CA is kept if it exists)")
  .option("--data-dir <dir>", dataDir)
  .requiredOption(
    "--hostnames <list>",
    "comma-separated DNS names and IP addresses agents use to reach the hub",
  )
  .option("--days <n>", "validity of the server certificate in days (default 825)")
  .option("--json", "print { caFingerprint, caCert, serverCert, serverKey, hostnames, notAfter } as JSON")
  .action(async (opts) => (await tlsCommand()).tlsInitCommand(opts));
tls
  .command("fingerprint")
  .description("print the CA fingerprint agents pin (edgeseg-agent enroll --ca-fingerprint)")
  .option("--data-dir <dir>", dataDir)
  .option("--json", "print { caFingerprint } as JSON")
  .action(async (opts) => (await tlsCommand()).tlsFingerprintCommand(opts));
program
  .command("verify")
  .description("re-check the signature of every stored result (or those received in a time range)")
  .option("--data-dir <dir>", dataDir)
  .option("--since <date>", "only results received at or after this ISO date/time")
  .option("--until <date>", "only results received before this ISO date/time")
  .option("--device <id>", "only this device's results")
  .option("--json", "print { checked, verified, failed, unsigned, failures } as JSON")
  .action(async (opts) => (await import("./commands/verify.ts")).verifyCommand(opts));
const registry = () => import("./commands/registry.ts");
program
  .command("suite")
  .description("benchmark suites")
  .command("import <idOrPath>")
  .description("register a suite (e.g. standard-v1 or a suite.json) and import the models it pins")
  .option("--data-dir <dir>", dataDir)
  .option("--json", "print the imported suite as JSON")
  .action(async (suite, opts) => (await registry()).suiteImportCommand(suite, opts));
program
  .command("model")
  .description("models")
  .command("import <manifest>")
  .description("register a model manifest and copy its files into the artifact store")
  .option("--data-dir <dir>", dataDir)
  .option("--json", "print the imported model as JSON")
  .action(async (manifest, opts) => (await registry()).modelImportCommand(manifest, opts));
const campaign = program.command("campaign").description("benchmark campaigns");
campaign
  .command("create")
  .description("queue one job per targeted device and model")
  .option("--data-dir <dir>", dataDir)
  .requiredOption("--name <name>", "a name for people")
  .requiredOption("--suite <suite>", "suite sha256, id@version or id")
  .requiredOption("--models <ids>", "comma-separated model ids (id or id@version)")
  .option("--devices <ids>", "comma-separated device ids")
  .option("--classes <ids>", "comma-separated device class ids")
  .option("--tags <tags>", "comma-separated device tags")
  .option("--max-attempts <n>", "tries per job (default 3)")
  .option("--timeout <duration>", "wall-clock limit per run, e.g. 30m (default 30m)")
  .option(
    "--overrides <json>",
    `scenario settings on top of the suite's, as JSON, e.g. '{"maxCases":1,"fineTuning":{"maxSteps":8}}' (the job message's scenarioOverrides, docs/protocol.md)`,
  )
  .option("--json", "print { campaignId, jobIds } as JSON")
  .action(async (opts) => (await registry()).campaignCreateCommand(opts));
campaign
  .command("cancel <campaignId>")
  .description("cancel a campaign and its open jobs")
  .option("--data-dir <dir>", dataDir)
  .option("--json", "print the outcome as JSON")
  .action(async (id, opts) => (await registry()).campaignCancelCommand(id, opts));

exitQuietlyOnBrokenPipe();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  handleFatal("edgeseg-hub", error);
}
