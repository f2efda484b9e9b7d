import { expect } from 'vitest';
import type { ServerProcess } from './server-process.ts';
import type { TestServer } from './server.ts';
import { requestWithStatements } from './sql-statements.ts';

/** What the compiled server must run for a query: one compiled statement, the resolvers' usual ones, or either. */
export type Statements = 'one' | 'usual' | 'any';

// An API key (and its creator) is read on every request, where sessions are cached: not the query's own statements.
const ownStatement = (statement: string) => !/^SELECT .* FROM ["`]\w+["`]\.["`](ApiKey|User)["`]/.test(statement);

/**
 * Sends the same request to a server with compiled reads and to a reference server on the same
 * database that runs the resolvers (COMPILED_READS=false), and expects the same status and the
 * same body, byte for byte; then counts the statements the compiled server runs for it.
 */
export function compiledReadComparison(servers: () => { server: TestServer; reference: ServerProcess }) {
  async function sameBody(body: string, token: string | undefined, statements: Statements, countWith?: { query: string; variables: Record<string, unknown> }) {
    const { server, reference } = servers();
    const send = (url: string) =>
      fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body }).then(async (response) => ({ status: response.status, text: await response.text() }));
    const expected = await send(reference.url);
    const answer = await send(server.url);
    expect(answer.status).toBe(expected.status);
    expect(answer.text).toBe(expected.text);
    if (statements === 'one') expect(JSON.parse(answer.text).errors).toBeUndefined();
    if (statements !== 'any' && countWith) {
      // After the answers above, so that the viewer's session is cached and the count is the query's own.
      const counted = await requestWithStatements(server.client, countWith.query, countWith.variables, { token });
      const own = counted.statements.filter(ownStatement);
      const compiled = own.length === 1 && /^SELECT json_(build_)?array\(/.test(own[0]);
      expect(compiled, own.join('\n')).toBe(statements === 'one');
    }
    return JSON.parse(answer.text);
  }

  const sameAnswer = (query: string, variables: Record<string, unknown>, token: string | undefined, statements: Statements = 'any') =>
    sameBody(JSON.stringify({ query, variables }), token, statements, { query, variables });

  return { sameBody, sameAnswer };
}
