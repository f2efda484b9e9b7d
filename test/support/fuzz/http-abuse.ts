import type { GraphQLPayload } from './document.ts';
import { renderDraft } from './document.ts';
import { baseDraft } from './drafts.ts';
import type { Auth, Generator, HttpRequestSpec } from './operation.ts';
import { authHeaders, badAuthorization, pickAuth, postJson } from './requests.ts';

export interface BuiltHttp {
  http: HttpRequestSpec;
  label: string;
  auth: Auth;
}

export type HttpAbuse = (g: Generator) => BuiltHttp;

/** A request the server would serve; often a logIn carrying the real password, to catch it echoed back. */
function basePayload(g: Generator): GraphQLPayload {
  if (g.random.chance(0.3)) {
    return {
      query: 'mutation LogIn($input: LogInInput!) { logIn(input: $input) { __typename ... on Error { code message } } }',
      variables: { input: { email: g.world.attacker.email, password: g.world.attacker.password } },
    };
  }
  const roots = g.roots.filter((root) => root.kind !== 'subscription');
  return renderDraft(baseDraft(g.random.pick(roots), g));
}

const MB = 1_048_576;

export const oversizedBody: HttpAbuse = (g) => {
  const auth = pickAuth(g);
  const size = g.random.int(MB + 1, 5 * MB);
  const payload = basePayload(g);
  const where = g.random.pick(['query-whitespace', 'query-comment', 'variables', 'extensions', 'operation-name'] as const);
  const padding = 'x'.repeat(size);
  const padded: Record<typeof where, unknown> = {
    'query-whitespace': { ...payload, query: `${payload.query}${' '.repeat(size)}` },
    'query-comment': { ...payload, query: `${payload.query}\n# ${padding}` },
    variables: { ...payload, variables: { ...payload.variables, fuzzPadding: padding } },
    extensions: { ...payload, extensions: { fuzzPadding: padding } },
    'operation-name': { ...payload, operationName: padding },
  };
  return { http: postJson(padded[where], authHeaders(auth, g), g), label: `${(size / MB).toFixed(2)} MB body (padding in ${where})`, auth };
};

export const malformedJson: HttpAbuse = (g) => {
  const auth = pickAuth(g);
  const good = JSON.stringify(basePayload(g));
  const variants: [string, string | Uint8Array][] = [
    ['truncated JSON', good.slice(0, g.random.int(1, good.length - 1))],
    ['trailing garbage', `${good}}}`],
    ['invalid UTF-8', Buffer.concat([Buffer.from(good.slice(0, -2)), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"}')])],
    ['UTF-8 BOM first', `\ufeff${good}`],
    ['JSON null', 'null'],
    ['JSON number', '42'],
    ['JSON string', JSON.stringify(good)],
    ['JSON true', 'true'],
    ['empty object', '{}'],
    ['empty body', ''],
    ['query is a number', JSON.stringify({ query: 42 })],
    ['query is null', JSON.stringify({ query: null })],
    ['query is an object', JSON.stringify({ query: { kind: 'Document', definitions: [] } })],
    ['variables is a string', JSON.stringify({ ...JSON.parse(good), variables: '{"input": 1}' })],
    ['variables is a list', JSON.stringify({ ...JSON.parse(good), variables: [1, 2] })],
    ['extensions is a string', JSON.stringify({ ...JSON.parse(good), extensions: 'x' })],
    ['__proto__ keys', good.replace('{', '{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}, ')],
    ['duplicate keys', good.replace('{', '{"query": "{ __typename }", ')],
    ['JSON nested 100000 deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['single quotes', good.replace(/"/g, "'")],
    ['UTF-16 encoded', Buffer.from(good, 'utf16le')],
    ['NUL bytes between tokens', good.replace(/,/g, ',\u0000')],
  ];
  const [what, body] = g.random.pick(variants);
  const http = postJson({}, authHeaders(auth, g), g);
  return { http: { ...http, body }, label: `malformed JSON body: ${what}`, auth };
};

export const wrongContentType: HttpAbuse = (g) => {
  const auth = pickAuth(g);
  const payload = basePayload(g);
  const json = JSON.stringify(payload);
  const form = new URLSearchParams({ query: payload.query, ...(payload.variables ? { variables: JSON.stringify(payload.variables) } : {}) }).toString();
  const boundary = `fuzz${g.random.hex(8)}`;
  const part = (name: string, value: string, filename?: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${filename ? `; filename="${filename}"` : ''}\r\n\r\n${value}\r\n`;
  const variants: [string, string, string][] = [
    ['text/plain JSON', 'text/plain', json],
    ['text/plain query', 'text/plain;charset=utf-8', payload.query],
    ['form-urlencoded', 'application/x-www-form-urlencoded', form],
    ['form-urlencoded garbage', 'application/x-www-form-urlencoded', '%%%query=%ZZ&&&variables=%7B'],
    ['multipart operations', `multipart/form-data; boundary=${boundary}`, `${part('operations', json)}${part('map', '{}')}--${boundary}--\r\n`],
    ['multipart bad map', `multipart/form-data; boundary=${boundary}`, `${part('operations', json)}${part('map', '{"0": ["variables.input.fuzz.deep"]}')}${part('0', 'file body', 'a.txt')}--${boundary}--\r\n`],
    ['multipart map not JSON', `multipart/form-data; boundary=${boundary}`, `${part('operations', json)}${part('map', 'not json')}--${boundary}--\r\n`],
    ['multipart operations not JSON', `multipart/form-data; boundary=${boundary}`, `${part('operations', '{"query": ')}--${boundary}--\r\n`],
    ['multipart without boundary', 'multipart/form-data', `${part('operations', json)}--${boundary}--\r\n`],
    ['multipart truncated', `multipart/form-data; boundary=${boundary}`, `--${boundary}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n${json}`],
    ['application/graphql', 'application/graphql', payload.query],
    ['application/xml', 'application/xml', `<query>${payload.query}</query>`],
    ['JSON with charset latin1', 'application/json; charset=latin1', json],
    ['JSON with charset utf-16', 'application/json; charset=utf-16', json],
    ['graphql-response+json as request type', 'application/graphql-response+json', json],
    ['empty content type', '', json],
    ['octet-stream', 'application/octet-stream', json],
  ];
  const [what, contentType, body] = g.random.pick(variants);
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders(auth, g) };
  if (contentType) headers['content-type'] = contentType;
  return { http: { method: 'POST', headers, body }, label: `content type: ${what}`, auth };
};

export const httpMethods: HttpAbuse = (g) => {
  const auth = pickAuth(g);
  const payload = basePayload(g);
  const params = (values: Record<string, string>) => new URLSearchParams(values).toString();
  const query = { query: payload.query, ...(payload.variables ? { variables: JSON.stringify(payload.variables) } : {}) };
  const variants: [string, HttpRequestSpec][] = [
    ['GET with query string', { method: 'GET', search: params(query), headers: {} }],
    ['GET with variables that are not JSON', { method: 'GET', search: params({ query: payload.query, variables: '{not json' }), headers: {} }],
    ['GET with extensions that are not JSON', { method: 'GET', search: params({ query: '{ __typename }', extensions: '[[[' }), headers: {} }],
    ['GET with a repeated query parameter', { method: 'GET', search: `${params(query)}&${params({ query: '{ __typename }' })}`, headers: {} }],
    ['GET without query', { method: 'GET', search: '', headers: {} }],
    ['GET with a 12 KB query string', { method: 'GET', search: params({ query: `{ __typename ${'a'.repeat(12_000)} }` }), headers: {} }],
    ['GET with a mutation', { method: 'GET', search: params({ query: 'mutation { logIn(input: {email: "a@example.com", password: "wrong-password"}) { __typename } }' }), headers: {} }],
    ['PUT', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }],
    ['PATCH', { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }],
    ['DELETE', { method: 'DELETE', headers: {} }],
    ['OPTIONS', { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } }],
    ['HEAD', { method: 'HEAD', search: params(query), headers: {} }],
  ];
  const [what, http] = g.random.pick(variants);
  http.headers = { accept: 'application/graphql-response+json, application/json', ...http.headers, ...authHeaders(auth, g) };
  return { http, label: `HTTP method: ${what}`, auth };
};

export const batchedRequests: HttpAbuse = (g) => {
  const auth = pickAuth(g);
  const count = g.random.logInt(2, 1_000);
  const variants: [string, unknown][] = [
    [`array of ${count} operations`, Array.from({ length: count }, () => basePayload(g))],
    ['empty array', []],
    ['array of non-objects', [1, 'two', null, [3]]],
    ['nested arrays', [[basePayload(g)], [[basePayload(g)]]]],
  ];
  const [what, body] = g.random.pick(variants);
  return { http: postJson(body, authHeaders(auth, g), g), label: `batched JSON: ${what}`, auth };
};

export const badTokens: HttpAbuse = (g) => {
  const payload = g.random.chance(0.5) ? { query: '{ me { id email fullName } businesses(first: 5) { edges { node { name description } } } }' } : basePayload(g);
  return { http: postJson(payload, { authorization: badAuthorization(g) }, g), label: 'malformed, tampered or unsigned bearer token', auth: 'bad-token' };
};
