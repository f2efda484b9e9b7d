import type { ContentStatus, MemberRole } from './enums.ts';

// What each member of a business may do: the one table the services enforce and the README shows.
// Roles are ordered; each may do everything the roles below it may.

export const roleOrder: readonly MemberRole[] = ['VIEWER', 'EDITOR', 'ADMIN', 'OWNER'];

export const permissions = {
  /** Read everything of the business and subscribe to its events. */
  read: 'VIEWER',
  /** Create and edit campaigns and content, categorise and tag, move content DRAFT <-> REVIEW. */
  edit: 'EDITOR',
  /** Paid AI generation: campaigns, content, regeneration, predictions. */
  generate: 'EDITOR',
  recordEngagement: 'EDITOR',
  answerMessages: 'EDITOR',
  /** REVIEW -> APPROVED; hears review requests. */
  approve: 'ADMIN',
  /** Schedule, publish, unschedule and take approved content out of the pipeline. */
  schedule: 'ADMIN',
  manageRules: 'ADMIN',
  /** Erase what is in the trash before its time. */
  purgeTrash: 'ADMIN',
  manageSocialAccounts: 'ADMIN',
  /** Create, list and revoke the business's API keys. */
  manageApiKeys: 'ADMIN',
  /** Webhook endpoints (their URLs and delivery logs too): they send the business's events elsewhere. */
  manageWebhooks: 'ADMIN',
  /** Invite, change and remove members below ADMIN; see invitations. */
  manageMembers: 'ADMIN',
  /** Invite, promote to, change and remove ADMINs. */
  manageAdmins: 'OWNER',
  /** Business settings (profile, plan, approval, auto-reply threshold). */
  manageSettings: 'OWNER',
  /** Who changed what, from where: the owner's to read. */
  readAuditLog: 'OWNER',
  deleteBusiness: 'OWNER',
  transferOwnership: 'OWNER',
} as const satisfies Record<string, MemberRole>;

export type Permission = keyof typeof permissions;

const rank = (role: MemberRole) => roleOrder.indexOf(role);

export const can = (role: MemberRole, permission: Permission) => rank(role) >= rank(permissions[permission]);

/** The roles that have `permission`, for filters that let only them see a row. */
export const rolesWith = (permission: Permission): MemberRole[] => roleOrder.filter((role) => can(role, permission));

export const describePermission: Record<Permission, string> = {
  read: 'read this business',
  edit: 'edit campaigns and content',
  generate: 'use AI generation',
  recordEngagement: 'record engagement',
  answerMessages: 'answer messages',
  approve: 'approve content',
  schedule: 'schedule or publish content',
  manageRules: 'manage automation rules',
  purgeTrash: 'erase what is in the trash',
  manageSocialAccounts: 'manage social accounts',
  manageApiKeys: 'manage API keys',
  manageWebhooks: 'manage webhooks',
  manageMembers: 'manage members',
  manageAdmins: 'manage admins',
  manageSettings: "change the business's settings",
  readAuditLog: 'read the audit trail',
  deleteBusiness: 'delete the business',
  transferOwnership: 'transfer ownership',
};

/** The permission to manage a member who has (or is to get) `role`: admins are the owner's to manage. */
export const permissionToManage = (role: MemberRole): Permission => (role === 'ADMIN' || role === 'OWNER' ? 'manageAdmins' : 'manageMembers');

// The editorial steps: editors move content between these freely.
const editorial: readonly ContentStatus[] = ['DRAFT', 'REVIEW'];

/** The permission a move of content's status needs. */
export function permissionToMove(from: ContentStatus, to: ContentStatus): Permission {
  if (to === 'APPROVED' && from === 'REVIEW') return 'approve';
  const editorialMove = (editorial.includes(from) && (editorial.includes(to) || to === 'ARCHIVED')) || (from === 'ARCHIVED' && to === 'DRAFT');
  return editorialMove ? 'edit' : 'schedule';
}

/**
 * The permission moving content to the trash takes (and restoring it): editors may delete what is
 * still in their editorial steps; content that was approved, scheduled or published is the
 * schedulers' to take away, as taking it out of the pipeline is.
 */
export const permissionToTrash = (statuses: readonly ContentStatus[]): Permission =>
  statuses.every((status) => editorial.includes(status) || status === 'ARCHIVED') ? 'edit' : 'schedule';

/** Whether content needs an approver's approval: as the owner set it, else once the business is a team. */
export const approvalRequired = (setting: boolean | null, memberCount: number) => setting ?? memberCount > 1;

/** What an API key may be given; a key does what its scopes allow, and never more than its creator's role. */
export const apiKeyScopes = ['READ', 'WRITE', 'AI', 'ADMIN'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/** The scope each permission needs from a key; null: never through a key (the owner's own acts, and managing people). */
export const scopeFor: Record<Permission, ApiKeyScope | null> = {
  read: 'READ',
  edit: 'WRITE',
  recordEngagement: 'WRITE',
  answerMessages: 'WRITE',
  generate: 'AI',
  approve: 'ADMIN',
  schedule: 'ADMIN',
  manageRules: 'ADMIN',
  purgeTrash: 'ADMIN',
  manageSocialAccounts: 'ADMIN',
  manageApiKeys: 'ADMIN',
  manageWebhooks: 'ADMIN',
  manageMembers: null,
  manageAdmins: null,
  manageSettings: null,
  readAuditLog: 'ADMIN',
  deleteBusiness: null,
  transferOwnership: null,
};

/** A viewer's standing in one business: their role, and for an API key its scopes. */
export interface Access {
  role: MemberRole;
  /** Null for a person signed in; a key's scopes otherwise. */
  scopes: readonly ApiKeyScope[] | null;
}

/** Whether the access allows the permission: the role does, and a key has the scope. */
export function allows(access: Access, permission: Permission): boolean {
  if (!can(access.role, permission)) return false;
  if (!access.scopes) return true;
  const scope = scopeFor[permission];
  return scope !== null && access.scopes.includes(scope);
}
