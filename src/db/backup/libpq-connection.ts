// The connection keywords libpq accepts in a URI's query string. Others (Prisma's schema,
// connection_limit, pool_timeout, pgbouncer; node-postgres's ssl) make pg_dump refuse the URI.
const LIBPQ_PARAMETERS = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'passfile', 'channel_binding', 'connect_timeout', 'client_encoding',
  'options', 'application_name', 'fallback_application_name', 'keepalives', 'keepalives_idle', 'keepalives_interval',
  'keepalives_count', 'tcp_user_timeout', 'gssencmode', 'sslmode', 'requiressl', 'sslcompression', 'sslcert', 'sslkey',
  'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer', 'ssl_min_protocol_version',
  'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation', 'service', 'target_session_attrs', 'load_balance_hosts',
]);

export interface LibpqConnection {
  /** For --dbname: the URL without its password or the query parameters libpq does not know. */
  uri: string;
  /** The password travels in the environment: a command line is visible to every user of the machine. */
  env: Record<string, string>;
  /** Removes the password from text a tool printed, in case it echoes it. */
  redact(text: string): string;
}

export function libpqConnection(databaseUrl: string): LibpqConnection {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  for (const name of [...url.searchParams.keys()]) if (!LIBPQ_PARAMETERS.has(name)) url.searchParams.delete(name);
  const secrets = [password, url.password, encodeURIComponent(password)].filter((secret) => secret.length > 0);
  return {
    uri: url.href,
    env: password ? { PGPASSWORD: password } : {},
    redact: (text) => secrets.reduce((redacted, secret) => redacted.replaceAll(secret, '***'), text),
  };
}
