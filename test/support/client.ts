import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { type GraphQLFormattedError, print } from 'graphql';

export interface GraphQLResponse<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLFormattedError[];
}

/** A minimal GraphQL-over-HTTP client: POST JSON, like any app or codegen client would. */
export class GraphQLClient {
  constructor(readonly url: string) {}

  async request<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<TResult>> {
    return this.raw<TResult>(print(document), variables as Record<string, unknown> | undefined, options);
  }

  async raw<TResult = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    options: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResponse<TResult>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Omit<GraphQLResponse<TResult>, 'status'>;
    return { status: response.status, ...body };
  }

  /** Like request, but fails the test on any GraphQL error and returns the data. */
  async data<TResult, TVariables>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables?: TVariables,
    options: { token?: string } = {},
  ): Promise<TResult> {
    const result = await this.request(document, variables, options);
    if (result.errors?.length || !result.data) {
      throw new Error(`GraphQL errors: ${JSON.stringify(result.errors ?? result)}`);
    }
    return result.data;
  }
}
