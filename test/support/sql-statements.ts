import { onQuery } from '../../src/db/client.ts';
import type { GraphQLClient, GraphQLResponse } from './client.ts';

/** A GraphQL request with the SQL statements the in-process server ran while answering it. */
export async function requestWithStatements<TResult = any>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string } = {},
): Promise<GraphQLResponse<TResult> & { statements: string[] }> {
  const statements: string[] = [];
  const stop = onQuery((sql) => statements.push(sql));
  try {
    return { ...(await client.raw<TResult>(query, variables, options)), statements };
  } finally {
    stop();
  }
}

/** Like requestWithStatements, but fails the test on any GraphQL error. */
export async function dataWithStatements<TResult = any>(
  client: GraphQLClient,
  query: string,
  variables: Record<string, unknown>,
  options: { token?: string } = {},
): Promise<{ data: TResult; statements: string[] }> {
  const { data, errors, statements } = await requestWithStatements<TResult>(client, query, variables, options);
  if (errors?.length || !data) throw new Error(`GraphQL errors: ${JSON.stringify(errors ?? data)}`);
  return { data, statements };
}
