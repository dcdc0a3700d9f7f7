import { kindSpecs, type MessageKind, messageKinds, type ResultDocument, topicFor } from "@edgeseg/protocol";
import { signResult } from "@edgeseg/protocol/crypto";
import { exampleFor } from "../../support/messages.ts";
import { asDevice, connectRaw, type RawClient } from "../../support/mqtt.ts";
import type { Family, FuzzContext } from "../family.ts";
import type { Verdict } from "../outcomes.ts";
import type { Rng } from "../rng.ts";
import { FuzzHub } from "./hub.ts";
import { impossibleValues } from "./impossible.ts";
import { mutateJson, mutateText } from "./json-mutate.ts";

/** A UUID (v4 layout) drawn from the seeded generator, so a run's ids repeat with its seed. */
export function seededUuid(rng: Rng): string {
  const h = rng.bytes(16).toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

type Json = Record<string, unknown>;

/** Result documents that cannot be true, as the attacker sent them (and a few more). */
function impossibleResult(rng: Rng, msg: Json): string {
  const r = msg.result as Json;
  const acc = r.accuracy as Json;
  const cases = acc.cases as Json[];
  const ss = (r.timing as Json).singleStream as Json;
  const pick = rng.int(0, 11);
  const first = (cases[0]!.organs as Json).liver as Json;
  switch (pick) {
    case 0:
      acc.meanDice = rng.pick([1.5, 1.0000001, -0.1, 1e300]);
      return `meanDice ${acc.meanDice}`;
    case 1:
      for (const c of cases) ((c.organs as Json).liver as Json).dice = 0;
      acc.meanDice = 1;
      return "meanDice 1 while every case's DSC is 0";
    case 2:
      r.status = "failed";
      r.failure = { reason: "crash", message: "segmentation fault", exitCode: null, signal: "SIGSEGV" };
      return "status failed with verdict VALID";
    case 3:
      first.hd95 = -5;
      return "HD95 −5 mm";
    case 4:
      ss.p50 = -1;
      ss.min = -2;
      return "negative latencies";
    case 5:
      Object.assign(ss, { p50: 50, p90: 40, p99: 30, max: 20 });
      return "p50 > p90 > p99 > max";
    case 6:
      (r.resources as Json).peakRssMb = rng.pick([1e300, -5, 1e12]);
      return `peak ${(r.resources as Json).peakRssMb} MB`;
    case 7:
      r.createdAt = "2999-01-01T00:00:00.000Z";
      return "createdAt 2999";
    case 8:
      first.dice = rng.pick([2, -1]);
      first.nsd = 7;
      return "per-case DSC and NSD out of [0, 1]";
    case 9:
      ((r.timing as Json).perCase as Json).meanMs = rng.pick([0.001, -3, 0]);
      return `per-case mean ${((r.timing as Json).perCase as Json).meanMs} ms`;
    case 10:
      (r.model as Json).id = `not-in-catalogue-${rng.int(0, 999)}`;
      return "a model not in the catalogue";
    default:
      acc.meanDice = Number.NaN; // JSON.stringify writes null
      ss.p99 = Number.POSITIVE_INFINITY;
      return "NaN and Infinity (serialised as null)";
  }
}

/** Text edits only a raw payload can carry: NaN / Infinity tokens, numbers past float64, deep nesting. */
function textTrick(rng: Rng, text: string): { bytes: Buffer; what: string } {
  const token = rng.pick([
    "NaN",
    "Infinity",
    "-Infinity",
    "1e400",
    "-1e400",
    "1" + "0".repeat(400),
    '"NaN"',
    '"Infinity"',
  ]);
  if (rng.chance(0.6)) {
    let n = 0;
    const target = rng.int(0, 20);
    const out = text.replace(/-?\d+(\.\d+)?(e[-+]?\d+)?/g, (m) => (n++ === target ? token : m));
    return { bytes: Buffer.from(out), what: `number #${target} replaced by ${token}` };
  }
  return mutateText(rng, text);
}

export const mqttFamily: Family = {
  name: "mqtt",
  async open(ctx: FuzzContext) {
    const hub = await new FuzzHub(ctx.dir).start({ other: true });
    const { a, b } = hub;
    const keys = { [a.deviceId]: hub.signingKey(a), [b.deviceId]: hub.signingKey(b) };
    /** Signs as the enrolled device would: the fuzz tests what the hub checks beyond the signature. */
    const signed = (msg: Json, as: string) => {
      if (msg.result && typeof msg.result === "object") {
        try {
          msg.signature = signResult(as, msg.result as ResultDocument, keys[as]!);
        } catch {
          // a result the signer cannot serialise goes unsigned
        }
      }
      return msg;
    };
    // The other device's real result: the fuzz borrows its id.
    const bResultId = seededUuidFromString(b.deviceId);
    {
      const other = await connectRaw(hub.hub.mqttUrl, asDevice(b.deviceId, b.secret));
      const msg = exampleFor("results", b.deviceId, { jobId: null, attempt: null } as never) as Json;
      (msg.result as Json).resultId = bResultId;
      await other.client.publishAsync(
        topicFor(b.deviceId, "results"),
        JSON.stringify(signed(msg, b.deviceId)),
        {
          qos: 1,
        },
      );
      await other.client.endAsync();
    }
    let client: RawClient | undefined;
    let peakRss = 0;

    async function connection(): Promise<RawClient> {
      if (client?.client.connected) return client;
      client?.client.end(true);
      client = await connectRaw(hub.hub.mqttUrl, asDevice(a.deviceId, a.secret));
      return client;
    }

    function generate(
      rng: Rng,
      control: boolean,
    ): {
      topic: string;
      payload: Buffer;
      qos: 0 | 1;
      retain: boolean;
      what: string;
      resultId?: string;
    } {
      // Results weigh most: they are what a leaderboard ranks.
      // Every 25th input is a sound signed result (a control: the accepting path must work too).
      const kind: MessageKind = control || rng.chance(0.4) ? "results" : rng.pick(messageKinds);
      const spec = kindSpecs[kind];
      const msg = exampleFor(kind, a.deviceId) as unknown as Json;
      msg.messageId = seededUuid(rng);
      let resultId: string | undefined;
      if (kind === "results") {
        msg.jobId = null;
        msg.attempt = null;
        resultId = seededUuid(rng);
        (msg.result as Json).resultId = resultId;
      }
      let topic = topicFor(a.deviceId, kind);
      let payload: Buffer;
      let what: string;
      const roll = control ? 0 : rng.int(0, 9);
      if (roll === 0) {
        payload = Buffer.from(JSON.stringify(signed(msg, a.deviceId)));
        what = "as the protocol's example";
      } else if (roll <= 2) {
        const m = mutateJson(rng, msg);
        payload = Buffer.from(
          JSON.stringify(rng.chance(0.8) ? signed(m.value as Json, a.deviceId) : m.value),
        );
        what = m.what;
      } else if (roll <= 4 && kind === "results") {
        what = impossibleResult(rng, msg);
        payload = Buffer.from(JSON.stringify(signed(msg, a.deviceId)));
      } else if (roll <= 5) {
        const t = textTrick(rng, JSON.stringify(signed(msg, a.deviceId)));
        payload = t.bytes;
        what = t.what;
      } else if (roll === 6) {
        const how = rng.int(0, 3);
        if (how === 0) {
          msg.deviceId = b.deviceId;
          what = "the body names the other device";
        } else if (how === 1) {
          topic = topicFor(b.deviceId, kind);
          what = "published on the other device's topic";
        } else if (how === 2 && kind === "results") {
          (msg.result as Json).resultId = bResultId;
          resultId = undefined;
          what = "the other device's resultId";
        } else {
          msg.jobId = seededUuid(rng);
          what = "a jobId the hub never dispatched";
        }
        payload = Buffer.from(JSON.stringify(signed(msg, a.deviceId)));
      } else if (roll === 7) {
        payload = Buffer.concat([Buffer.from(JSON.stringify(msg)), Buffer.alloc(spec.maxBytes, 0x20)]);
        what = `${payload.length} bytes, over the ${spec.maxBytes}-byte ${kind} limit`;
      } else if (roll === 8) {
        topic = topicFor(a.deviceId, rng.pick(messageKinds));
        payload = Buffer.from(JSON.stringify(msg));
        what = `a ${kind} body on ${topic.split("/").slice(4).join("/")}`;
      } else {
        topic = rng.pick([
          `${topicFor(a.deviceId, kind)}/extra`,
          `edgeseg/v1/devices/${a.deviceId}/selfie`,
          "edgeseg/v1/devices",
          `$SYS/${a.deviceId}`,
          `edgeseg/v1/devices/${a.deviceId}/+`,
        ]);
        payload = Buffer.from(JSON.stringify(msg));
        what = `topic ${topic}`;
      }
      const qos = control || rng.chance(0.85) ? spec.qos : rng.chance(0.5) ? 0 : 1;
      const retain = control || rng.chance(0.9) ? spec.retained : !spec.retained;
      return { topic, payload, qos, retain, what: `${kind}: ${what}`, resultId };
    }

    async function deliver(m: ReturnType<typeof generate>): Promise<Verdict> {
      const before = hub.hub.lines.length;
      let raw: RawClient;
      try {
        raw = await connection();
      } catch (error) {
        return { outcome: "refused", detail: `could not connect: ${(error as Error).message}` };
      }
      const closed = raw.closed.then(() => "closed" as const);
      const sent =
        m.qos === 1
          ? raw.client
              .publishAsync(m.topic, m.payload, { qos: 1, retain: m.retain })
              .then(() => "acked" as const)
          : new Promise<"acked">((r) =>
              raw.client.publish(m.topic, m.payload, { qos: 0, retain: m.retain }, () => r("acked")),
            );
      const timeout = new Promise<"timeout">((r) => setTimeout(() => r("timeout"), ctx.timeoutMs).unref());
      const how = await Promise.race([sent.catch(() => "closed" as const), closed, timeout]);
      // Let the hub finish with the message: until its log has been quiet for 30 ms (at most 1 s).
      let seen = hub.hub.lines.length;
      for (let quiet = 0, waited = 0; quiet < 30 && waited < 1000; waited += 10) {
        await new Promise((r) => setTimeout(r, 10));
        quiet = hub.hub.lines.length === seen ? quiet + 10 : 0;
        seen = hub.hub.lines.length;
      }
      const rss = hub.rssMb();
      peakRss = Math.max(peakRss, rss);
      if (await hub.reviveIfDead()) {
        client = undefined;
        return { outcome: "crash", detail: `the hub died: ${hub.hub.output().slice(-500)}` };
      }
      if (how === "timeout") return { outcome: "hang", detail: `no PUBACK in ${ctx.timeoutMs} ms` };
      const lines = hub.hub.lines.slice(before);
      // A result withheld by the rate limit is logged at error level by the broker, but it is the
      // limiter's designed answer (the device keeps the result and re-sends it), not a failure.
      const error = lines.find(
        (l) => (l.level ?? 0) >= 50 && (l.err as { type?: string } | undefined)?.type !== "ResultRateLimited",
      );
      if (error) return { outcome: "crash", detail: `hub error: ${JSON.stringify(error).slice(0, 400)}` };
      if (rss > ctx.memoryBoundMb) return { outcome: "memory", detail: `hub RSS ${rss.toFixed(0)} MiB` };
      // Warnings that say the message was not taken (an error event from a device is logged at warn too).
      const refusal = lines.find(
        (l) =>
          (l.level ?? 0) >= 40 &&
          /dropped|refused|ignored|closed|not stored|not active|not linked/.test(String(l.msg)),
      );
      if (m.resultId) {
        const stored = await hub.db.prisma.result.findUnique({
          where: { id: m.resultId },
          select: { id: true },
        });
        if (stored) return { outcome: "accepted", detail: "result stored" };
        return { outcome: "refused", detail: String(refusal?.reason ?? refusal?.msg ?? how) };
      }
      if (refusal) return { outcome: "refused", detail: `${refusal.msg}: ${String(refusal.reason ?? "")}` };
      if (how === "closed") return { outcome: "refused", detail: "connection closed by the hub" };
      return { outcome: "accepted", detail: "no refusal logged" };
    }

    return {
      async next(rng: Rng, index: number) {
        const m = generate(rng, index % 25 === 0);
        return {
          input: `${m.what} (QoS ${m.qos}${m.retain ? ", retained" : ""})`,
          verdict: await deliver(m),
        };
      },
      async close() {
        // end(true): a client the hub already closed never finishes a graceful end.
        client?.client.end(true);
        const rows = await hub.db.prisma.result.findMany({
          select: { id: true, deviceId: true, document: true, status: true, verdict: true },
        });
        let impossible = 0;
        for (const row of rows) {
          const sender = row.id === bResultId ? b.deviceId : a.deviceId;
          const reasons = impossibleValues(row, sender);
          if (reasons.length > 0) {
            impossible++;
            ctx.log(`mqtt: impossible result stored ${row.id}: ${reasons.join("; ")}`);
          }
        }
        const bRow = await hub.db.prisma.result.findUnique({ where: { id: bResultId } });
        const extra = {
          // The fuzzing device's own stored results (the other device's seed result is not counted).
          resultsStored: rows.filter((r) => r.id !== bResultId).length,
          impossibleStored: impossible,
          otherDeviceResultAltered: bRow && bRow.deviceId === b.deviceId ? 0 : 1,
          hubRestarts: hub.restarts,
          hubPeakRssMb: Math.round(peakRss),
        };
        await hub.close();
        return extra;
      },
    };
  },
};

function seededUuidFromString(s: string): string {
  let h = 2166136261;
  const bytes = Buffer.alloc(16);
  for (let i = 0; i < 16; i++) {
    for (const c of `${s}:${i}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
    bytes[i] = h & 0xff;
  }
  const x = bytes.toString("hex");
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}
