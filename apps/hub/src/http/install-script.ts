import type { BundleManifest } from "./agent-bundles.ts";

export interface InstallScriptInput {
  /** The hub's base URL as the device reaches it (bundles and enrolment). */
  hubUrl: string;
  /** The hub CA's fingerprint, pinned at enrolment (TLS hubs). */
  caFingerprint?: string;
  manifest: BundleManifest;
}

/** A single-quoted sh word: the only character that needs care inside '…' is ' itself. */
const q = (s: string) => `'${s.replaceAll("'", `'"'"'`)}'`;

/**
 * GET /install.sh — a POSIX sh installer with this hub's URL and its bundles' names, sha256 and Node
 * floors written in (so the tarball is exactly as trustworthy as the script that names its hash).
 * The platform comes from the Node.js that will run the agent (`process.arch`), not from `uname -m`:
 * a 64-bit kernel with a 32-bit userland (Pi OS 32-bit on a Pi 4) reports aarch64 but runs armv7l Node.
 */
export function renderInstallScript(input: InstallScriptInput): string {
  const { manifest } = input;
  const cases = manifest.bundles
    .map((b) => `  ${b.platform}) FILE=${q(b.tarball)}; SHA256=${q(b.sha256)}; NODE_MIN=${q(b.nodeMin)} ;;`)
    .join("\n");
  const platforms = manifest.bundles.map((b) => b.platform).join(", ");
  const usage = [
    `edgeseg agent installer, served by the hub. Agent ${manifest.version}; bundles: ${platforms}.`,
    `  curl -fsSL ${input.hubUrl}/install.sh | sudo sh -s -- --token <token from edgeseg-hub token create>`,
    "Options: --token <t>  --name <device name>  --prefix <dir> (default /opt/edgeseg-agent)",
    "  --data-dir <dir> (default /var/lib/edgeseg-agent)  --config <file> (default <data-dir>/agent.json)",
    "  --node <path to node>  --user <service user> (default edgeseg)  --hub <url>  --ca-fingerprint <sha256:…>",
    "  --no-systemd (no unit)  --systemd-dir <dir> (default /etc/systemd/system)  --no-start (unit, not started)",
  ];
  return `#!/bin/sh
${usage.map((l) => `# ${l}`).join("\n")}
set -eu

HUB=${q(input.hubUrl)}
CA_FINGERPRINT=${q(input.caFingerprint ?? "")}
VERSION=${q(manifest.version)}
PREFIX=/opt/edgeseg-agent
DATA_DIR=/var/lib/edgeseg-agent
CONFIG=
TOKEN=
NAME=
NODE=
SERVICE_USER=edgeseg
SYSTEMD=1
SYSTEMD_DIR=/etc/systemd/system
START=1

say() { printf 'edgeseg install: %s\\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
need() { [ "$2" -ge 2 ] || die "$1 needs a value (see the options at the top of install.sh)"; }

while [ $# -gt 0 ]; do
  case "$1" in
    --token) need "$1" $#; TOKEN=$2; shift 2 ;;
    --name) need "$1" $#; NAME=$2; shift 2 ;;
    --prefix) need "$1" $#; PREFIX=$2; shift 2 ;;
    --data-dir) need "$1" $#; DATA_DIR=$2; shift 2 ;;
    --config) need "$1" $#; CONFIG=$2; shift 2 ;;
    --node) need "$1" $#; NODE=$2; shift 2 ;;
    --user) need "$1" $#; SERVICE_USER=$2; shift 2 ;;
    --hub) need "$1" $#; HUB=$2; shift 2 ;;
    --ca-fingerprint) need "$1" $#; CA_FINGERPRINT=$2; shift 2 ;;
    --systemd-dir) need "$1" $#; SYSTEMD_DIR=$2; shift 2 ;;
    --no-systemd) SYSTEMD=0; shift ;;
    --no-start) START=0; shift ;;
    -h|--help) cat <<'USAGE'
${usage.join("\n")}
USAGE
      exit 0 ;;
    *) die "unknown option $1; the options are listed at the top of $HUB/install.sh" ;;
  esac
done

for d in "$PREFIX" "$DATA_DIR" "$SYSTEMD_DIR"; do
  case "$d" in /*) ;; *) die "$d is not an absolute path; give absolute --prefix, --data-dir and --systemd-dir" ;; esac
done
for d in "$PREFIX" "$DATA_DIR"; do
  case "$d" in /|/opt|/usr|/usr/local|/var|/var/lib|/etc|/home|/root|/tmp|/srv) die "$d is a system directory; give --prefix and --data-dir directories of the agent's own, e.g. /opt/edgeseg-agent" ;; esac
done
CONFIG=\${CONFIG:-$DATA_DIR/agent.json}
[ "$(uname -s)" = Linux ] || die "the agent runs on Linux only (this is $(uname -s))"

node_help() {
  case "$(uname -m)" in
    armv6l) echo "32-bit ARMv6 (Pi Zero/1) has no Node.js 20 build; use a Pi with ARMv7 or newer" ;;
    armv7l|armv8l) echo "Pi OS 32-bit: the official node-v20.x-linux-armv7l.tar.xz from https://nodejs.org/dist/ unpacked into /usr/local (NodeSource has no armhf packages for Node 20)" ;;
    *) echo "Debian/Ubuntu/Pi OS 64-bit/Jetson L4T: curl -fsSL https://deb.nodesource.com/setup_20.x | sudo -E bash - && sudo apt-get install -y nodejs (Debian 12's own nodejs is 18, too old); or node-v20.x-linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/').tar.xz from https://nodejs.org/dist/" ;;
  esac
}

if [ -z "$NODE" ]; then NODE=$(command -v node 2>/dev/null || true); fi
[ -n "$NODE" ] || die "Node.js is not installed. The agent needs Node.js 20. Install it: $(node_help); then run this again (or give --node <path>)"
NODE_FACTS=$("$NODE" -p 'process.versions.node + " " + process.arch' 2>/dev/null) || die "$NODE does not run; install Node.js 20: $(node_help)"
NODE_VERSION=\${NODE_FACTS% *}
NODE_ARCH=\${NODE_FACTS#* }
case "$NODE_ARCH" in
  x64) PLATFORM=linux-x64 ;;
  arm64) PLATFORM=linux-arm64 ;;
  arm) PLATFORM=linux-armv7l ;;
  *) die "no agent bundle for Node.js on $NODE_ARCH; bundles exist for x64, arm64 and 32-bit arm (armv7l)" ;;
esac
case "$PLATFORM" in
${cases}
  *) die "this hub has no agent bundle for $PLATFORM (it has ${platforms}); build it with npm run build:agent on the hub's machine" ;;
esac

version_ge() {
  awk -v a="$1" -v b="$2" 'BEGIN { split(a, x, "."); split(b, y, ".");
    for (i = 1; i <= 3; i++) { if (x[i] + 0 > y[i] + 0) exit 0; if (x[i] + 0 < y[i] + 0) exit 1 } exit 0 }'
}
version_ge "$NODE_VERSION" "$NODE_MIN" ||
  die "Node.js $NODE_VERSION at $NODE is too old: the $PLATFORM agent needs Node.js >= $NODE_MIN. Install a newer one: $(node_help)"

if [ "$SYSTEMD" = 1 ] && [ "$(id -u)" != 0 ]; then
  die "installing the systemd service needs root: run with sudo (curl … | sudo sh -s -- …), or give --no-systemd"
fi

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

fetch() {
  # A TLS hub's private CA is not in the system store: the tarball is checked against the sha256 written
  # into this script instead, and enrolment pins the CA by its fingerprint.
  insecure=
  case "$1" in https://*) [ -n "$CA_FINGERPRINT" ] && insecure=1 ;; esac
  if command -v curl >/dev/null 2>&1; then curl -fsSL \${insecure:+--insecure} -o "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then wget -q \${insecure:+--no-check-certificate} -O "$2" "$1"
  else die "neither curl nor wget is installed; sudo apt-get install -y curl"; fi
}
sha256_of() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$1" | cut -d ' ' -f 1
  else "$NODE" -e 'process.stdout.write(require("crypto").createHash("sha256").update(require("fs").readFileSync(process.argv[1])).digest("hex"))' "$1"; fi
}
check_tree() {
  if command -v sha256sum >/dev/null 2>&1; then (cd "$1" && sha256sum -c SHA256SUMS >/dev/null); return; fi
  (cd "$1" && "$NODE" -e '
    const { createHash } = require("crypto"), { readFileSync } = require("fs");
    for (const line of readFileSync("SHA256SUMS", "utf8").split("\\n").filter(Boolean)) {
      const [sum, file] = [line.slice(0, 64), line.slice(66)];
      if (createHash("sha256").update(readFileSync(file)).digest("hex") !== sum) { console.error(file); process.exit(1); }
    }')
}

DIR=\${FILE%.tar.gz}
if [ -f "$PREFIX/$DIR/SHA256SUMS" ] && check_tree "$PREFIX/$DIR" 2>/dev/null; then
  say "agent $VERSION ($PLATFORM) already in $PREFIX/$DIR"
else
  say "downloading $FILE from $HUB"
  fetch "$HUB/api/agent/bundles/$FILE" "$TMP/$FILE" || die "cannot download $HUB/api/agent/bundles/$FILE; check that the hub is reachable from this device"
  GOT=$(sha256_of "$TMP/$FILE")
  [ "$GOT" = "$SHA256" ] || die "$FILE has sha256 $GOT, the hub's manifest says $SHA256: not installed (a damaged download? run this again)"
  mkdir -p "$PREFIX"
  rm -rf "$PREFIX/.$DIR.partial" && mkdir "$PREFIX/.$DIR.partial"
  tar -xzf "$TMP/$FILE" -C "$PREFIX/.$DIR.partial"
  check_tree "$PREFIX/.$DIR.partial/$DIR" || die "a file of $FILE does not match its SHA256SUMS; not installed"
  rm -rf "$PREFIX/$DIR"
  mv "$PREFIX/.$DIR.partial/$DIR" "$PREFIX/$DIR" && rmdir "$PREFIX/.$DIR.partial"
fi
ln -sfn "$DIR" "$PREFIX/current"
AGENT="$PREFIX/current/agent.mjs"
# What the unit starts: it counts a self-updated version's starts until that version has connected
# once, switches back to the previous one after too many, then runs current/agent.mjs.
if [ -f "$PREFIX/$DIR/launch.mjs" ]; then
  cp "$PREFIX/$DIR/launch.mjs" "$PREFIX/.launch.mjs.partial" && mv -f "$PREFIX/.launch.mjs.partial" "$PREFIX/launch.mjs"
fi

mkdir -p "$DATA_DIR" "$(dirname "$CONFIG")"
chmod 700 "$DATA_DIR"
if [ -f "$CONFIG" ] && grep -q '"deviceId"' "$CONFIG"; then
  say "already enrolled ($CONFIG): keeping that identity"
else
  [ -n "$TOKEN" ] || die "no --token: create one on the hub with edgeseg-hub token create (or in the dashboard) and pass --token <token>"
  (umask 077 && printf '{"dataDir":"%s"}\n' "$(printf '%s' "$DATA_DIR" | sed 's/[\\"]/\\&/g')" >"$CONFIG")
  set -- enroll --hub "$HUB" --token "$TOKEN" --config "$CONFIG" --json
  [ -n "$NAME" ] && set -- "$@" --name "$NAME"
  [ -n "$CA_FINGERPRINT" ] && set -- "$@" --ca-fingerprint "$CA_FINGERPRINT"
  "$NODE" "$AGENT" "$@" >"$TMP/enrolled.json" || die "enrolment failed (see the message above); a token is single-use: create a new one if it was used"
fi
DEVICE_ID=$(sed -n 's/.*"deviceId": *"\\([^"]*\\)".*/\\1/p' "$CONFIG" | head -n 1)
CLASS=$("$NODE" "$AGENT" info --json | "$NODE" -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).device.deviceClass?.id ?? "none (no device class matches; see edgeseg-agent info)"))')

if [ "$(id -u)" = 0 ] && [ "$SYSTEMD" = 1 ]; then
  if ! id "$SERVICE_USER" >/dev/null 2>&1; then
    useradd --system --home-dir "$DATA_DIR" --no-create-home --shell /usr/sbin/nologin "$SERVICE_USER" ||
      die "cannot create the service user $SERVICE_USER; create it (useradd --system $SERVICE_USER) or pass --user"
  fi
  # The service owns its data and its installation: self-update unpacks versions into $PREFIX and
  # switches its current link (the directory itself and the agent's folders only, nothing else there).
  chown -R "$SERVICE_USER": "$DATA_DIR" "$CONFIG" "$PREFIX"/edgeseg-agent-*
  chown "$SERVICE_USER": "$PREFIX"
  chown -h "$SERVICE_USER": "$PREFIX/current"
  [ -f "$PREFIX/launch.mjs" ] && chown "$SERVICE_USER": "$PREFIX/launch.mjs"
fi
if [ "$SYSTEMD" = 1 ]; then
  mkdir -p "$SYSTEMD_DIR"
  "$NODE" "$AGENT" install-service --config "$CONFIG" --user "$SERVICE_USER" --install-dir "$PREFIX" \\
    --output "$SYSTEMD_DIR/edgeseg-agent.service" >/dev/null
  say "wrote $SYSTEMD_DIR/edgeseg-agent.service"
  if [ "$START" = 1 ]; then
    command -v systemctl >/dev/null 2>&1 || die "systemctl not found: start the agent by hand ($NODE $AGENT run --config $CONFIG)"
    systemctl daemon-reload
    systemctl enable --now edgeseg-agent
    say "service edgeseg-agent started (journalctl -u edgeseg-agent -f)"
  fi
fi

echo "edgeseg agent $VERSION ($PLATFORM, Node.js $NODE_VERSION) installed in $PREFIX"
echo "device id: $DEVICE_ID"
echo "device class: $CLASS"
echo "check it: $NODE $AGENT status --config $CONFIG"
`;
}
