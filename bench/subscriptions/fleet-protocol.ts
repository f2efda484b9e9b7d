/** What bench:subscriptions asks its subscriber process to do, and what comes back. */
export type FleetRequest =
  | { cmd: 'open'; urls: string[]; count: number; token: string; query: string; variables: Record<string, unknown> }
  | { cmd: 'reset' }
  | { cmd: 'stats' }
  | { cmd: 'close' };

export interface FleetStats {
  /** Events received since the last reset, over all subscribers. */
  delivered: number;
  /** Subscribers that received at least one event since the last reset. */
  subscribersHeard: number;
  /** Receive time minus the event's changedAt (stamped by the server when it published), ms. */
  latencies: number[];
  lastReceiveMs: number;
  /** Connection or subscription failures (a subscriber that got an error or was closed on). */
  failures: string[];
}

export type FleetReply = { id: number; result: unknown; error?: undefined } | { id: number; error: string; result?: undefined };
