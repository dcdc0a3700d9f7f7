/**
 * MQTT 3.1.1 topic name and topic filter rules (OASIS mqtt-v3.1.1-os, section 4.7), shared by the
 * ACL helpers, the topic parser and the hub's routing. Each check returns why a string is refused, or
 * null when it is acceptable.
 */
export const MAX_TOPIC_BYTES = 65_535;

const encoder = new TextEncoder();

function checkTopicString(value: string): string | null {
  // [MQTT-4.7.3-1] at least one character.
  if (value.length === 0) return "is empty";
  // [MQTT-4.7.3-2] no U+0000; [MQTT-1.5.3-1] well-formed UTF-8, so no lone surrogate halves.
  if (value.includes("\u0000")) return "contains the null character U+0000";
  if (/\p{Cs}/u.test(value)) return "contains an unpaired UTF-16 surrogate (not encodable as UTF-8)";
  // [MQTT-4.7.3-3] at most 65,535 bytes once encoded.
  const bytes = encoder.encode(value).length;
  if (bytes > MAX_TOPIC_BYTES) return `is ${bytes} bytes long; the limit is ${MAX_TOPIC_BYTES}`;
  return null;
}

/** Why `topic` may not be published to, or null. */
export function checkTopicName(topic: string): string | null {
  const problem = checkTopicString(topic);
  if (problem) return `topic name ${problem}`;
  // [MQTT-4.7.1-1], [MQTT-3.3.2-2]: wildcards belong to filters, never to a published topic name.
  if (/[+#]/.test(topic)) return "topic name contains a wildcard ('+' or '#')";
  return null;
}

/** Why `filter` is not a well-formed topic filter, or null. */
export function checkTopicFilter(filter: string): string | null {
  const problem = checkTopicString(filter);
  if (problem) return `topic filter ${problem}`;
  const levels = filter.split("/");
  for (const [i, level] of levels.entries()) {
    // [MQTT-4.7.1-2] '#' stands alone in its level and is the last level.
    if (level.includes("#") && (level !== "#" || i !== levels.length - 1)) {
      return "topic filter has a '#' that is not the whole last level";
    }
    // [MQTT-4.7.1-3] '+' occupies an entire level.
    if (level.includes("+") && level !== "+") return "topic filter has a '+' that is not a whole level";
  }
  return null;
}

/** Whether a broker delivers a message published to `topic` to a subscription on `filter`. */
export function topicMatches(filter: string, topic: string): boolean {
  if (checkTopicFilter(filter) !== null || checkTopicName(topic) !== null) return false;
  // [MQTT-4.7.2-1] a filter starting with a wildcard never matches a topic starting with '$'.
  if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) return false;
  const f = filter.split("/");
  const t = topic.split("/");
  for (const [i, level] of f.entries()) {
    // '#' matches its parent level and any number of child levels (MQTT 3.1.1 section 4.7.1.2).
    if (level === "#") return true;
    if (i >= t.length) return false;
    // Matching is character for character, case sensitive, without normalisation [MQTT-4.7.3-4].
    if (level !== "+" && level !== t[i]) return false;
  }
  return f.length === t.length;
}
