import { AppError } from "../errors.ts";
import { isDeviceId } from "./device-id.ts";
import { isMessageKind, type MessageKind, messageKinds } from "./kinds.ts";
import { checkTopicName } from "./topic-rules.ts";

/** Versioned root: a protocol change that old agents cannot read moves to `edgeseg/v2`. */
export const TOPIC_ROOT = "edgeseg/v1";
export const DEVICES_PREFIX = `${TOPIC_ROOT}/devices`;

export type DeviceTopics = Readonly<Record<MessageKind, string>>;

export function topicFor(deviceId: string, kind: MessageKind): string {
  if (!isDeviceId(deviceId)) {
    throw new AppError(
      "INPUT",
      `"${deviceId}" is not a valid device id: use 3-63 lowercase letters, digits and '-', not starting with '-'`,
    );
  }
  return `${DEVICES_PREFIX}/${deviceId}/${kind}`;
}

export const topics = {
  /** Every topic of one device, e.g. `topics.device("pi5-lab-01").results`. */
  device(deviceId: string): DeviceTopics {
    return Object.fromEntries(messageKinds.map((k) => [k, topicFor(deviceId, k)])) as Record<
      MessageKind,
      string
    >;
  },
  /** The filter the hub subscribes to for one kind across all devices, e.g. `edgeseg/v1/devices/+/results`. */
  allDevices(kind: MessageKind): string {
    return `${DEVICES_PREFIX}/+/${kind}`;
  },
};

export interface ParsedTopic {
  deviceId: string;
  kind: MessageKind;
}

/** The device and kind a topic name addresses, or null for anything that is not exactly a device topic. */
export function parseTopic(topic: string): ParsedTopic | null {
  if (checkTopicName(topic) !== null) return null;
  const prefix = `${DEVICES_PREFIX}/`;
  if (!topic.startsWith(prefix)) return null;
  const rest = topic.slice(prefix.length);
  const slash = rest.indexOf("/");
  if (slash < 0) return null;
  const deviceId = rest.slice(0, slash);
  const kind = rest.slice(slash + 1);
  if (!isDeviceId(deviceId) || !isMessageKind(kind)) return null;
  return { deviceId, kind };
}
