import { Webhook } from 'standardwebhooks';
import { z } from 'zod';
import { authorizeRow, findBusinessFor, inMemberBusinessWhere } from '../../auth/tenancy.ts';
import type { ServiceContext } from '../../context.ts';
import { prisma } from '../../db/client.ts';
import { conflictOnDuplicate } from '../../db/errors.ts';
import { Platform, SocialProvider } from '../../domain/enums.ts';
import { NotFoundError, ValidationError } from '../../domain/errors.ts';
import { limits, parseInput, text, url } from '../../domain/fields.ts';
import type { Prisma } from '../../generated/prisma-postgresql/client.ts';
import { ayrsharePlatforms } from './ayrshare-publisher.ts';
import { availableProviders } from './publishers.ts';

type AccountQuery = Pick<Prisma.SocialAccountDefaultArgs, 'include' | 'select'>;

/** A Standard Webhooks secret: `whsec_` and base64 of at least 24 random bytes. */
const webhookSecret = z
  .string()
  .max(200)
  .refine((secret) => {
    try {
      new Webhook(secret);
      return secret.startsWith('whsec_') && Buffer.from(secret.slice(6), 'base64').length >= 24;
    } catch {
      return false;
    }
  }, 'Must be whsec_ followed by base64 of at least 24 random bytes (for example: whsec_$(openssl rand -base64 32))');

const accountFields = {
  handle: text(limits.name),
  url: url.nullish(),
  secret: z.string().max(500).nullish(),
  profileKey: z.string().max(500).nullish(),
};
const connectInput = z.object({ platform: z.enum(Platform), provider: z.enum(SocialProvider), ...accountFields });
const updateInput = z.object(accountFields).partial();

type ProviderSettings = { url?: string | null; secret?: string | null; profileKey?: string | null };

/** What each provider needs: WEBHOOK a URL and a signing secret, AYRSHARE an API key and a platform Ayrshare publishes to. */
function checkProviderSettings(provider: SocialProvider, platform: Platform, settings: ProviderSettings) {
  if (!availableProviders.includes(provider)) {
    throw new ValidationError([{ path: ['input', 'provider'], message: `${provider} publishing is not available yet; use ${availableProviders.join(' or ')}` }]);
  }
  const errors = [];
  if (provider !== 'AYRSHARE' && settings.profileKey) errors.push({ path: ['input', 'profileKey'], message: 'Only AYRSHARE accounts take a profile key' });
  if (provider === 'OFFLINE' && (settings.url || settings.secret)) errors.push({ path: ['input'], message: 'OFFLINE accounts take no url or secret' });
  if (provider === 'WEBHOOK') {
    if (!settings.url) errors.push({ path: ['input', 'url'], message: 'A WEBHOOK account needs the URL posts are sent to' });
    const secret = webhookSecret.safeParse(settings.secret);
    if (!secret.success) errors.push({ path: ['input', 'secret'], message: secret.error.issues[0]!.message });
  }
  if (provider === 'AYRSHARE') {
    if (!ayrsharePlatforms.includes(platform)) {
      errors.push({ path: ['input', 'platform'], message: `Ayrshare does not publish to ${platform}; it publishes to ${ayrsharePlatforms.join(', ')}` });
    }
    if (!settings.secret?.trim()) errors.push({ path: ['input', 'secret'], message: 'An AYRSHARE account needs your Ayrshare API key (sent as Authorization: Bearer)' });
  }
  if (errors.length) throw new ValidationError(errors);
}

export async function connectSocialAccount(ctx: ServiceContext, { businessId, input, query }: { businessId: string; input: unknown; query?: AccountQuery }) {
  const data = parseInput(connectInput, input);
  await findBusinessFor(ctx.viewer, businessId, 'manageSocialAccounts');
  checkProviderSettings(data.provider, data.platform, data);
  const fields = { ...data, url: data.url ?? null, secret: data.secret ?? null, profileKey: data.profileKey ?? null };
  // A disconnected account gives its platform back: connecting again (with any provider) replaces it.
  const replaced = await prisma.socialAccount.updateMany({
    where: { businessId, platform: data.platform, status: 'DISCONNECTED' },
    data: { ...fields, status: 'CONNECTED', lastError: null, connectedAt: new Date() },
  });
  if (replaced.count) return prisma.socialAccount.findUniqueOrThrow({ ...query, where: { businessId_platform: { businessId, platform: data.platform } } });
  return prisma.socialAccount
    .create({ ...query, data: { ...fields, businessId } })
    .catch(conflictOnDuplicate(`The business already has a connected ${data.platform} account: update or disconnect it`));
}

async function findManagedAccount(ctx: ServiceContext, id: string) {
  const account = await prisma.socialAccount.findFirst({ where: { id, ...inMemberBusinessWhere(ctx.viewer) } });
  return authorizeRow(ctx.viewer, account, 'SocialAccount', 'manageSocialAccounts');
}

/** Changes the handle, URL, secret or profile key; a disconnected account is connected again. */
export async function updateSocialAccount(ctx: ServiceContext, { id, input, query }: { id: string; input: unknown; query?: AccountQuery }) {
  const data = parseInput(updateInput, input);
  const account = await findManagedAccount(ctx, id);
  const merged = {
    url: data.url === undefined ? account.url : data.url,
    secret: data.secret === undefined ? account.secret : data.secret,
    profileKey: data.profileKey === undefined ? account.profileKey : data.profileKey,
  };
  checkProviderSettings(account.provider, account.platform, merged);
  return prisma.socialAccount.update({
    ...query,
    where: { id },
    data: { ...data, status: 'CONNECTED', lastError: null, ...(account.status === 'DISCONNECTED' ? { connectedAt: new Date() } : {}) },
  });
}

/** Stops publishing through the account: scheduled content for its platform then fails when due, saying why. */
export async function disconnectSocialAccount(ctx: ServiceContext, { id, query }: { id: string; query?: AccountQuery }) {
  await findManagedAccount(ctx, id);
  return prisma.socialAccount.update({ ...query, where: { id }, data: { status: 'DISCONNECTED' } });
}
