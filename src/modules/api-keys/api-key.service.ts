import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { API_KEY_PREFIX, hashApiKey } from '../../auth/api-key-session.ts';
import { authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { InvalidTransitionError, ValidationError } from '../../domain/errors.ts';
import { distinctList, limits, parseInput, text } from '../../domain/fields.ts';
import { apiKeyScopes } from '../../domain/roles.ts';
import { announceMembership } from '../membership/membership-events.ts';

export const MAX_API_KEYS_PER_BUSINESS = 50;
const PREFIX_LENGTH = API_KEY_PREFIX.length + 8;

const createInput = z.object({
  name: text(limits.name),
  scopes: distinctList(z.enum(apiKeyScopes), apiKeyScopes.length).refine((scopes) => scopes.length > 0, 'Give at least one scope'),
  expiresAt: z.date().nullish(),
});

type ApiKeyQuery = { include?: object; select?: object };

/** A new key for the business: the key itself is returned here only; the server keeps its hash. */
export async function createApiKey(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: ApiKeyQuery }) {
  const data = parseInput(createInput, input);
  await findBusinessFor(ctx.viewer, businessId, 'manageApiKeys');
  const now = ctx.app.clock.now();
  if (data.expiresAt && data.expiresAt <= now) throw new ValidationError([{ path: ['input', 'expiresAt'], message: 'Must be in the future' }]);
  // A key makes keys only within its own scopes.
  const beyond = ctx.viewer.apiKey ? data.scopes.filter((scope) => !ctx.viewer.apiKey?.scopes.includes(scope)) : [];
  if (beyond.length) throw new ValidationError([{ path: ['input', 'scopes'], message: `This key cannot give scopes it does not have: ${beyond.join(', ')}` }]);
  if ((await prisma.apiKey.count({ where: { businessId, revokedAt: null } })) >= MAX_API_KEYS_PER_BUSINESS) {
    throw new ValidationError([{ path: ['input'], message: `A business can have at most ${MAX_API_KEYS_PER_BUSINESS} keys; revoke one first` }]);
  }
  const key = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const apiKey = await prisma.apiKey.create({
    ...query,
    data: { businessId, name: data.name, scopes: data.scopes, expiresAt: data.expiresAt ?? null, prefix: key.slice(0, PREFIX_LENGTH), keyHash: hashApiKey(key), createdById: ctx.viewer.id },
  });
  return { apiKey, key };
}

/** Refuses the key at once, on every instance, its open subscriptions included. */
export async function revokeApiKey(ctx: ServiceContext, { id, query }: { id: string; query?: ApiKeyQuery }) {
  const apiKey = await authorizeRow(ctx.viewer, await prisma.apiKey.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } }), 'ApiKey', 'manageApiKeys');
  if (apiKey.revokedAt) throw new InvalidTransitionError('ApiKey', 'REVOKED', 'REVOKED', [], 'The key is already revoked');
  await prisma.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: ctx.app.clock.now() } });
  announceMembership(ctx.app, { businessId: apiKey.businessId, userId: apiKey.createdById, role: null, actorId: ctx.viewer.id, apiKeyId: id });
  return prisma.apiKey.findUniqueOrThrow({ ...query, where: { id } });
}
