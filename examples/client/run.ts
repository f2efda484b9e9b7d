import { createHeraldClient, dataOf, type HeraldClient, isTypedError, RequestError } from './herald-client.ts';
import { ContentStatusChanged, CreateBusiness, CreateCampaign, CreateContent, Dashboard, LogIn, SignUp, TransitionContent } from './operations.ts';
import type { ExampleContentStatusChangedSubscription, ExampleDashboardQuery } from './generated/graphql.ts';

export interface ExampleOptions {
  url: string;
  email: string;
  password: string;
  fullName?: string;
  persisted?: boolean;
  /** Where the example says what it does, a line at a time. */
  log?: (line: string) => void;
  /**
   * Resolves once the server runs the subscription; graphql-ws says nothing until the first
   * event, so by default the example waits a moment after the socket is acknowledged.
   */
  subscriptionStarted?: () => Promise<void>;
}

export interface ExampleRun {
  /** signUp, or logIn when the account already existed (signUp answered CONFLICT). */
  signedInWith: 'signUp' | 'logIn';
  userId: string;
  /** The dashboard as read after setting up the demo business. */
  dashboard: ExampleDashboardQuery;
  /** The event the subscription delivered for the move to REVIEW. */
  event: ExampleContentStatusChangedSubscription['contentStatusChanged'];
  /** The typed error of a move the pipeline does not allow. */
  refusedMove: { typename: string; code: string; message: string; allowed: string[] };
}

type Dashboard = ExampleDashboardQuery['businesses']['edges'][number]['node'];

/** A typed error in a mutation's result is an expected failure: the caller decides what to do with it. */
class TypedResultError extends Error {
  constructor(readonly result: { __typename: string; code: string; message: string }) {
    super(`${result.__typename} (${result.code}): ${result.message}`);
  }
}

async function signIn(client: HeraldClient, { email, password, fullName }: ExampleOptions) {
  const signedUp = dataOf(await client.urql.mutation(SignUp, { input: { email, password, fullName: fullName ?? 'Example Client' } }).toPromise()).signUp;
  if (signedUp.__typename === 'AuthPayload') return { via: 'signUp' as const, ...signedUp };
  // Switching on the error's code, not its message: codes are stable, messages are for people.
  if (!isTypedError(signedUp) || signedUp.code !== 'CONFLICT') throw new TypedResultError(signedUp);
  const loggedIn = dataOf(await client.urql.mutation(LogIn, { input: { email, password } }).toPromise()).logIn;
  switch (loggedIn.__typename) {
    case 'AuthPayload':
      return { via: 'logIn' as const, ...loggedIn };
    case 'RateLimitedError':
      throw new Error(`Too many attempts: try again in ${loggedIn.retryAfterSeconds} s`);
    default:
      throw new TypedResultError(loggedIn);
  }
}

async function readDashboard(client: HeraldClient) {
  return dataOf(await client.urql.query(Dashboard, {}, { requestPolicy: 'network-only' }).toPromise());
}

/** A DRAFT post in the account's first campaign, creating the business and campaign if there are none yet. */
async function createDraft(client: HeraldClient, businesses: Dashboard[]) {
  let businessId = businesses[0]?.id;
  if (!businessId) {
    const business = dataOf(await client.urql.mutation(CreateBusiness, { input: { name: 'Example Bakery', industry: 'FOOD' } }).toPromise()).createBusiness;
    if (business.__typename !== 'Business') throw new TypedResultError(business);
    businessId = business.id;
  }
  let campaignId = businesses[0]?.campaigns.edges[0]?.node.id;
  if (!campaignId) {
    const campaign = dataOf(
      await client.urql
        .mutation(CreateCampaign, { input: { businessId, name: 'Spring menu', goal: 'Bring people in for the spring menu', campaignType: 'PRODUCT_LAUNCH', durationDays: 14 } })
        .toPromise(),
    ).createCampaign;
    if (campaign.__typename !== 'Campaign') throw new TypedResultError(campaign);
    campaignId = campaign.id;
  }
  const content = dataOf(
    await client.urql
      .mutation(CreateContent, {
        input: { campaignId, day: 1, platform: 'INSTAGRAM', contentType: 'POST', title: 'Spring is here', caption: 'Our spring menu starts today.' },
      })
      .toPromise(),
  ).createContent;
  if (content.__typename !== 'Content') throw new TypedResultError(content);
}

const draftIn = (businesses: Dashboard[]) => {
  for (const business of businesses)
    for (const { node: campaign } of business.campaigns.edges)
      for (const { node: content } of campaign.contents.edges) if (content.status === 'DRAFT') return { business, content };
  return undefined;
};

/**
 * What an app does: signs up (or logs in), reads its dashboard, listens to its business's
 * content pipeline over WebSocket while moving a post to REVIEW, and handles a typed error.
 */
export async function runExample(options: ExampleOptions): Promise<ExampleRun> {
  const log = options.log ?? console.log;
  const anonymous = createHeraldClient({ url: options.url, persisted: options.persisted });
  const auth = await signIn(anonymous, options).finally(() => anonymous.close());
  log(`signed in with ${auth.via} as ${auth.user.email}`);

  const client = createHeraldClient({ url: options.url, token: auth.token, persisted: options.persisted });
  try {
    let dashboard = await readDashboard(client);
    if (!draftIn(dashboard.businesses.edges.map((edge) => edge.node))) {
      await createDraft(client, dashboard.businesses.edges.map((edge) => edge.node));
      log('created a draft post');
      dashboard = await readDashboard(client);
    }
    for (const { node: business } of dashboard.businesses.edges) {
      for (const { node: campaign } of business.campaigns.edges) {
        const posts = campaign.contents.edges.map(({ node }) => `${node.title ?? node.id} ${node.platform} ${node.status}${node.latestAnalytics ? ` ${node.latestAnalytics.metrics.likes} likes` : ''}`);
        log(`dashboard: ${business.name} / ${campaign.name} (${campaign.status}): ${posts.join(', ')}`);
      }
    }
    const { business, content } = draftIn(dashboard.businesses.edges.map((edge) => edge.node))!;

    // Subscribe first, then move the post: the event is the server's answer to that move.
    let stop = () => {};
    const eventArrived = new Promise<ExampleRun['event']>((resolve, reject) => {
      const subscription = client.urql.subscription(ContentStatusChanged, { businessId: business.id }).subscribe((result) => {
        try {
          const event = dataOf(result).contentStatusChanged;
          if (event.content.id !== content.id) return;
          stop();
          resolve(event);
        } catch (error) {
          stop();
          reject(error);
        }
      });
      stop = () => subscription.unsubscribe();
    });
    await (options.subscriptionStarted?.() ?? client.connected().then(() => new Promise((resolve) => setTimeout(resolve, 300))));
    const moved = dataOf(await client.urql.mutation(TransitionContent, { id: content.id, to: 'REVIEW' }).toPromise()).transitionContent;
    if (moved.__typename !== 'Content') throw new TypedResultError(moved);
    const event = await withTimeout(eventArrived, 10_000, stop);
    log(`event: ${event.content.title ?? event.content.id} ${event.previousStatus} -> ${event.status} by ${event.actor?.email ?? 'the system'}`);

    // REVIEW cannot go to PUBLISHED: the result is a typed error, not an exception.
    const refused = dataOf(await client.urql.mutation(TransitionContent, { id: content.id, to: 'PUBLISHED' }).toPromise()).transitionContent;
    let refusedMove: ExampleRun['refusedMove'];
    switch (refused.__typename) {
      case 'InvalidTransitionError':
        refusedMove = { typename: refused.__typename, code: refused.code, message: refused.message, allowed: refused.allowed };
        log(`refused: ${refused.code} ${refused.from} -> ${refused.to}; allowed: ${refused.allowed.join(', ')}`);
        break;
      case 'Content':
        throw new Error('REVIEW -> PUBLISHED was accepted');
      default:
        throw new TypedResultError(refused);
    }
    return { signedInWith: auth.via, userId: auth.user.id, dashboard, event, refusedMove };
  } finally {
    await client.close();
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new RequestError('TIMEOUT', `No event within ${ms} ms`));
    }, ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
