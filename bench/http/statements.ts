import { onQuery } from '../../src/db/client.ts';
import { type BenchRequest, send } from './scenarios.ts';

export interface StatementCount {
  count: number;
  /** One word per statement in the order run: the table it reads, "count(Table)" for a count. */
  tables: string[];
}

const TABLE = /\bFROM\s+[`"](?:public|main)[`"]\.[`"](\w+)[`"]/i;

export function describeStatement(sql: string): string {
  const table = TABLE.exec(sql)?.[1] ?? sql.slice(0, 30);
  return /^\s*SELECT\s+COUNT\(/i.test(sql) ? `count(${table})` : table;
}

/**
 * The SQL statements one request runs, seen through Prisma's query events (src/db/client.ts
 * `onQuery`), which only an in-process server exposes. A first request runs unobserved, so
 * one-off work is not counted.
 */
export async function countStatements(baseUrl: string, request: BenchRequest): Promise<StatementCount> {
  await send(baseUrl, request);
  const statements: string[] = [];
  const stop = onQuery((sql) => statements.push(sql));
  try {
    const { status } = await send(baseUrl, request);
    if (status !== 200) throw new Error(`counting statements: the request answered ${status}`);
  } finally {
    stop();
  }
  if (statements.length === 0) throw new Error('no SQL statement was observed: the in-process server must run with OBSERVE_SQL=true');
  return { count: statements.length, tables: statements.map(describeStatement) };
}
