import type { TestServer } from '../server.ts';
import type { WsHooks } from './ws-transport.ts';
import { GRAPHQL_TRANSPORT_WS, runWs } from './ws-transport.ts';
import type { createSqlRecorder } from './sql-recorder.ts';
import type { FuzzWorld } from './tenants.ts';

/**
 * Proves the harness can see what it checks for, before it relies on it: the markers are in the
 * victim's data, the SQL recorder hears statements, and an accepted subscription is noticed.
 * A check that cannot fail would otherwise pass silently.
 */
export async function checkCanaries(server: TestServer, world: FuzzWorld, sql: ReturnType<typeof createSqlRecorder>, hooks: Omit<WsHooks, 'startWindow' | 'endWindow'>): Promise<void> {
  const own = await server.client.raw('query($id: ID!) { business(id: $id) { name } }', { id: world.victim.ids.Business }, { token: world.victim.token });
  if (!JSON.stringify(own).includes(world.victim.marker)) throw new Error(`Canary: the victim cannot read its own marker: ${JSON.stringify(own)}`);

  sql.start();
  await server.client.raw('{ me { id } }', {}, { token: world.attacker.token });
  if (sql.stop().length === 0) throw new Error('Canary: the SQL recorder heard nothing for a request that reads the database');

  const subscribed = await runWs(
    server.url,
    {
      protocol: GRAPHQL_TRANSPORT_WS,
      setup: [JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${world.attacker.token}` } })],
      frames: [JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription($id: ID!) { campaignUpdated(businessId: $id) { eventId } }', variables: { id: world.attacker.ids.Business } } })],
      subscribeIds: ['1'],
      provokeVictim: false,
    },
    { ...hooks, startWindow: () => {}, endWindow: () => {} },
    5_000,
  );
  if (subscribed.accepted !== 1) throw new Error(`Canary: an accepted subscription went unnoticed: ${JSON.stringify(subscribed)}`);
}
