import { print } from 'graphql';
import { Dashboard } from '../../test/support/operations.ts';

/** Rows seeded in a scenario's own database: businesses × campaigns × contents (each content has 2 snapshots). */
export interface Shape {
  businesses: number;
  campaigns: number;
  contents: number;
}

/** What seeding leaves for a scenario's requests to use. */
export interface SeededAccount {
  token: string;
  /** Global ID of one of the account's businesses. */
  businessId: string;
}

export interface Scenario {
  /** Its name in BENCH_SHAPES. */
  name: string;
  label: string;
  shape: Shape;
  operationName: string;
  query: string;
  variables(account: SeededAccount): Record<string, unknown>;
  /**
   * Levels of rows the query reads, root fields included (businesses → campaigns → contents →
   * latest snapshot is 4): on PostgreSQL a request should need at most this many statements.
   */
  nestingDepth: number;
  goals: {
    /** Herald's req/s over the baseline's, at least. */
    minRatio: number;
    /** p99 at half of Herald's maximum req/s, at most. */
    maxHalfLoadP99Ms?: number;
  };
}

export const BusinessOverview = /* GraphQL */ `
  query BusinessOverview($businessId: ID!) {
    me { id email fullName }
    business(id: $businessId) {
      id name
      campaigns(first: 1) { edges { node { id name contents(first: 5) { edges { node { id caption status } } } } } }
    }
  }
`;

const dashboard = (shape: Shape, goals: Scenario['goals']): Scenario => ({
  name: `${shape.businesses}x${shape.campaigns}x${shape.contents}`,
  label: `dashboard ${shape.businesses}×${shape.campaigns}×${shape.contents}`,
  shape,
  operationName: 'Dashboard',
  query: print(Dashboard),
  variables: () => ({ ...shape }),
  nestingDepth: 4,
  goals,
});

export const scenarios: readonly Scenario[] = [
  dashboard({ businesses: 5, campaigns: 5, contents: 5 }, { minRatio: 0.6, maxHalfLoadP99Ms: 50 }),
  dashboard({ businesses: 20, campaigns: 20, contents: 5 }, { minRatio: 0.6 }),
  {
    name: 'small',
    label: 'me + 1 business, 5 contents',
    shape: { businesses: 1, campaigns: 1, contents: 5 },
    operationName: 'BusinessOverview',
    query: BusinessOverview,
    variables: ({ businessId }) => ({ businessId }),
    // me | business → campaigns → contents
    nestingDepth: 3,
    goals: { minRatio: 0.5 },
  },
];

/** The HTTP request a scenario sends, the same to Herald, the baseline and the load driver. */
export interface BenchRequest {
  method: 'POST';
  path: string;
  headers: Record<string, string>;
  body: string;
}

export function requestFor(scenario: Scenario, account: SeededAccount): BenchRequest {
  return {
    method: 'POST',
    path: '/graphql',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      authorization: `Bearer ${account.token}`,
    },
    body: JSON.stringify({ query: scenario.query, variables: scenario.variables(account), operationName: scenario.operationName }),
  };
}

/** Sends the request once and returns the status and body text. */
export async function send(baseUrl: string, request: BenchRequest): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL(request.path, baseUrl), { method: request.method, headers: request.headers, body: request.body });
  return { status: response.status, body: await response.text() };
}
