import { MAX_PEAK_RSS_MB, MEAN_TOLERANCE, PEAK_RSS_PER_RAM, TIME_TOLERANCE_MS } from "../../result-checks.ts";
import { KEEPALIVE_SECONDS, MQTT_PROTOCOL_LEVEL } from "../connection.ts";
import { DEVICE_ID_PATTERN } from "../device-id.ts";
import { downstreamKinds, upstreamKinds } from "../kinds.ts";
import { PROTOCOL_VERSION } from "../messages/common.ts";
import { DEVICES_PREFIX } from "../topics.ts";

const device = `${DEVICES_PREFIX}/{deviceId}`;

export const introduction = `Agents report benchmark results to the hub over MQTT. **The hub's database is the source of truth; MQTT
is transport.** Every payload is a JSON object validated against the schemas below by the sender before
it publishes and by the receiver before it acts; a message that fails validation is logged and dropped.
Results arrive exactly once in effect: QoS 1 delivers at least once, and the hub upserts each result by
\`result.resultId\`. A device can only speak for itself: the broker's ACL confines it to its own topics and
the receiver checks that the body's \`deviceId\` equals the topic's.

The machine-readable form of every schema is [protocol.schema.json](protocol.schema.json) (JSON Schema
draft 2020-12; \`x-edgeseg-topics\` lists the topics).`;

export const connection = `- **MQTT 3.1.1** (protocol level ${MQTT_PROTOCOL_LEVEL}). The embedded broker (aedes) speaks nothing newer; agents
  must work against any standard broker (Mosquitto, EMQX). Use TLS (\`mqtts://\`) outside a trusted LAN:
  the password travels in the CONNECT packet.
- **Client id = username = device id**, matching \`${DEVICE_ID_PATTERN.source}\`. Ids are longer than the
  23 characters MQTT-3.1.3-5 guarantees, so the broker must accept longer client ids (Mosquitto, EMQX and
  aedes do). A second connection with the same id takes over the first (MQTT-3.1.4-2).
- **Password = the device secret** issued at enrolment.
- **Clean session false**, so subscriptions and queued QoS 1 jobs and commands survive a disconnect
  (MQTT-3.1.2-4, MQTT-3.1.2-5).
- **Keep alive ${KEEPALIVE_SECONDS} s**: the broker drops a silent client after ${KEEPALIVE_SECONDS * 1.5} s (MQTT-3.1.2-24).
- **Last Will** on \`${device}/state\`: a StateMessage with \`status: "offline"\`, \`reason: "connection-lost"\`,
  QoS 1, retained (MQTT-3.1.2-17). The broker publishes it only when the connection ends without DISCONNECT
  (MQTT-3.1.2-8, MQTT-3.14.4-3).
- **Packet size**: the broker must accept PUBLISH packets of 1 MiB (EMQX's default \`max_packet_size\`);
  the largest payload, a result, stays 1 KiB below that so topic and headers fit.`;

export const accessControl = `- A device **publishes** only to its own ${upstreamKinds.map((k) => `\`${k}\``).join(", ")}.
- A device **subscribes** only to its own ${downstreamKinds.map((k) => `\`${k}\``).join(" and ")}, by exact topic.
  Filters with \`+\` or \`#\` are refused: a wildcard matches every value of its level, including other
  devices' ids and kinds a later version adds, and \`#\` also matches its parent level (MQTT-4.7.1-2).
- Topic names with wildcards (MQTT-4.7.1-1), malformed filters (MQTT-4.7.1-2, MQTT-4.7.1-3), empty levels
  and \`$\` topics are refused. Matching is case sensitive (MQTT-4.7.3-4).
- Only the hub publishes jobs and commands and reads the device topics (e.g. \`${DEVICES_PREFIX}/+/results\`).
- The broker refuses a CONNECT whose client id differs from its username (\`checkConnect\` in
  packages/protocol); otherwise a device could take over another device's session (MQTT-3.1.4-2). On
  Mosquitto or EMQX, set \`use_username_as_clientid true\` instead.

The same rules for a Mosquitto \`acl_file\` (\`%u\` is the username, i.e. the device id). Mosquitto grants
a wildcard SUBSCRIBE but checks read access on every delivery, so a device still receives only its own
jobs and commands:

\`\`\`
${upstreamKinds.map((k) => `pattern write ${DEVICES_PREFIX}/%u/${k}`).join("\n")}
${downstreamKinds.map((k) => `pattern read ${DEVICES_PREFIX}/%u/${k}`).join("\n")}
\`\`\``;

export const session = `1. CONNECT as above, with a fresh \`connectionId\` (UUID) in the Last Will.
2. SUBSCRIBE (QoS 1) to \`${device}/jobs\` and \`${device}/commands\`.
3. Publish the birth message, then a state message \`online\`/\`connected\` with the same \`connectionId\`
   (both retained, QoS 1).
4. Drain the disk spool: publish each stored message (QoS 1) byte for byte as first encoded. An error
   event is deleted after its PUBACK; a result is kept until the hub's storage receipt names it (see
   "Results and storage receipts"). Re-sending is safe: the hub upserts by \`result.resultId\`.
5. Publish telemetry every \`intervalMs\` (QoS 0).
6. For each job, publish \`jobs/ack\` (accepted or rejected) for every delivery of the same jobId and
   attempt, but run it once; then \`progress\` messages and finally the result through the spool.
7. To stop, publish state \`offline\`/\`shutdown\`, then DISCONNECT (which discards the Last Will).

The hub treats a state message whose \`connectionId\` differs from the device's latest birth as stale (a
Last Will of an earlier connection can arrive after the new connection's birth).`;

export const receipts = `A PUBACK says the broker has a result, not that the hub does: behind an external broker a result
acknowledged while no hub subscription could take it (the seconds after a broker restart) would be lost.
So the hub that wrote a result answers with a **storage receipt**, a \`commands\` message
\`command: "result-receipts"\` (QoS 1) to that device, once the transaction holding the result has
committed — on the embedded broker just after the PUBACK, on an external broker after its own ingest
commit. It names every resultId of the device in one write batch (at most 64 per message), in \`stored\`
also when the result was already stored (a re-send), and in \`refused\` when the hub refused it for good
(bad signature, \`createdAt\` too far ahead, a resultId stored for another device).

The agent keeps a result in its spool after the PUBACK, marked as delivered (durably: the mark survives a
restart), and deletes it when a receipt names it. Without a receipt it publishes the same bytes again
after its receipt window — \`resultReceiptWaitS\` (default 120 s) after the PUBACK, doubling with each
copy up to \`resultReceiptWaitMaxS\` (default 3600 s), for as long as it takes. The hub stores each
resultId once and answers every copy with a receipt. An agent facing a hub too old to send receipts
therefore re-publishes each result at most once an hour and logs one warning; receipts for resultIds it
does not hold are ignored. Receipts use the existing \`commands\` topic, so the ACLs are unchanged; an
agent older than the receipts drops them as unknown commands (a warning and an error event each).`;

export const payloadRules = `- UTF-8 JSON, one object per message, \`protocolVersion: ${PROTOCOL_VERSION}\`. The receiver checks the size limit
  before parsing, then the schema, then that \`deviceId\` equals the topic's device.
- Objects are closed: an unknown field is an error. A change that old receivers cannot read moves to a new
  protocol version and topic root.
- Ids (\`messageId\`, \`connectionId\`, \`result.resultId\`) are lowercase UUIDs; times are UTC ISO 8601 with \`Z\`;
  hashes are lowercase hex SHA-256.
- A zero-length payload on a retained topic clears it (MQTT-3.3.1-10); receivers ignore it.`;

export const resultRules = `Every parse of a result document (the agent before it publishes or spools, the hub before it stores)
also applies rules across fields that JSON Schema cannot express, so [protocol.schema.json](protocol.schema.json)
does not carry them (\`packages/protocol/src/result-checks.ts\`). A document that breaks one is refused with
an issue at the field it names (\`result.timing.singleStream.p50: p50 … exceeds p90 …\`):

- \`status: "failed"\` needs a \`failure\` and \`validity.verdict: "INVALID"\`; \`status: "succeeded"\` has \`failure: null\`.
- The same holds inside \`fineTuning\`: a block with \`status: "failed"\` has a \`failure\`, a succeeded one has
  \`failure: null\`. A failed fine-tuning leaves the document's own \`status\` and inference numbers as they are.
- SingleStream latency: \`min ≤ p50 ≤ p90 ≤ p99 ≤ max\` and \`min ≤ mean ≤ max\`.
- Each case's \`readMs\`, \`preprocessMs\`, \`inferMs\` and \`postprocessMs\` is at most its \`totalMs\` (stages
  overlap, so their sum is not bounded), within ${TIME_TOLERANCE_MS} ms. \`hd95\` and \`meanHd95\` are distances, ≥ 0.
- With cases listed, \`timing.perCase\` is their summary: \`count\` = the number of cases, \`maxMs\` the largest
  \`totalMs\`, \`meanMs\` their mean; their sum fits in \`resources.wallMs\` (the cases run inside the measured
  process). Always \`p50Ms ≤ maxMs\` and \`meanMs ≤ maxMs\`.
- With cases listed, every organ aggregate follows from them as the engine computes it: \`n\` = the cases
  that have the organ, \`meanDice\`/\`meanNsd\` their means (within ${MEAN_TOLERANCE}), \`meanHd95\` the mean of the finite
  HD95 values or null when none is; every organ of a case has an aggregate and every aggregate a case. (A
  document may list no cases and keep only the aggregates; the hub stores it but never ranks it.)
- \`accuracy.meanDice\`/\`meanNsd\` are the means of the organ means (within ${MEAN_TOLERANCE}), null exactly when there is no organ.
- \`resources.peakRssMb\` ≤ ${PEAK_RSS_PER_RAM} × \`device.ramMb\` and ≤ ${MAX_PEAK_RSS_MB.toLocaleString("en")} MB.

The hub adds what only it can know: a \`createdAt\` too far in the future is refused (apps/hub
\`src/ingest/results.ts\`); a result is ranked only when it answers the job the hub dispatched to that device,
and implausible but possible runs are flagged for review (docs/security.md).`;
