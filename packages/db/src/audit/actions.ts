/**
 * Every kind of write by a person that the audit trail records, and the kind of target each names.
 * The admin page's action filter lists these; a new admin write adds its action here.
 */
export const AUDIT_ACTIONS = {
  "device.approve": "device",
  "device.reject": "device",
  "device.disable": "device",
  "device.enable": "device",
  "device.rotate-secret": "device",
  "token.create": "token",
  "token.revoke": "token",
  "model.import": "model",
  "suite.import": "suite",
  "campaign.create": "campaign",
  "campaign.cancel": "campaign",
  "policy.update": "device-class",
  "policy.reset": "device-class",
  "user.create": "user",
  "user.role": "user",
  "user.password": "user",
  "user.sessions-revoke": "user",
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;
export type AuditTargetType = (typeof AUDIT_ACTIONS)[AuditAction];

export const auditActionNames = Object.keys(AUDIT_ACTIONS) as AuditAction[];
export const auditTargetTypes = [...new Set(Object.values(AUDIT_ACTIONS))] as AuditTargetType[];

export function isAuditAction(value: string): value is AuditAction {
  return Object.hasOwn(AUDIT_ACTIONS, value);
}
