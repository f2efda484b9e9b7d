import type { Random } from './random.ts';
import type { IdPool } from './ids.ts';
import type { GraphQLSchema } from 'graphql';
import type { Position, RootField } from './schema-model.ts';
import type { FuzzWorld } from './tenants.ts';
import type { ValueContext } from './values.ts';

export type Transport = 'http' | 'ws';
/** Who sends it: the attacker's bearer token, none, or a broken one. */
export type Auth = 'owner' | 'anonymous' | 'bad-token';

export interface HttpRequestSpec {
  method: string;
  /** Query string, without the "?". */
  search?: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

export type WsFrame = string | Uint8Array;

export interface WsSpec {
  /** The subprotocol offered; null offers none. */
  protocol: string | null;
  /** Sent first, each answered (acked, accepted or refused) before the next. Their SQL is not the operation's. */
  setup: WsFrame[];
  /** The operation itself; the SQL it causes is attributed to it. */
  frames: WsFrame[];
  /** Subscribe ids in `frames` that the server must answer (result, error, or an accepted subscription). */
  subscribeIds: string[];
  /** After an accepted subscription, make the victim change something the subscription names. */
  provokeVictim: boolean;
}

export interface FuzzOperation {
  index: number;
  category: string;
  /** What was broken, for people: "createBusiness input.name ← control characters". */
  label: string;
  auth: Auth;
  transport: Transport;
  http?: HttpRequestSpec;
  ws?: WsSpec;
  /** The operation names objects of the victim's. */
  usesForeignIds: boolean;
  /** The schema field it was built from, when it was built from one. */
  rootField?: string;
}

/** What every generator needs: the schema, the world's IDs and the seeded randomness. */
export interface Generator {
  random: Random;
  schema: GraphQLSchema;
  world: FuzzWorld;
  ids: IdPool;
  nodeTypes: readonly string[];
  /** Composite types on a cycle, for arbitrarily deep selections. */
  recursive: Set<string>;
  roots: readonly RootField[];
  positions(root: RootField): readonly Position[];
  valueContext(rootField: string): ValueContext;
}
