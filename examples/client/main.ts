// npm run example:client -- [url]: the example client against a running Herald.
//   HERALD_EMAIL, HERALD_PASSWORD: the account (signed up on first use).
//   HERALD_PERSISTED=true: send operations by id, for a server with PERSISTED_OPERATIONS_ONLY=true
//   and PERSISTED_OPERATIONS_FILE=examples/client/generated/persisted-documents.json.
import { RequestError } from './herald-client.ts';
import { runExample } from './run.ts';

const url = process.argv[2] ?? process.env.HERALD_URL ?? 'http://localhost:4000/graphql';
try {
  const run = await runExample({
    url,
    email: process.env.HERALD_EMAIL ?? 'example-client@herald.local',
    password: process.env.HERALD_PASSWORD ?? 'example-client-password',
    persisted: process.env.HERALD_PERSISTED === 'true',
  });
  console.log(`done: ${run.signedInWith}, ${run.dashboard.businesses.totalCount} business(es), event ${run.event.eventId}`);
} catch (error) {
  // A refused request has a stable code (UNAUTHENTICATED, PERSISTED_QUERY_REQUIRED…) to act on.
  console.error(error instanceof RequestError ? `refused: ${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
