import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../src/db/prisma-schema.ts';

// A bad setting stops `npm start` with one line naming it, not a stack trace.

const start = (env: Record<string, string>) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, PORT: '0', HOST: '127.0.0.1', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });

describe('starting with a bad configuration', () => {
  it.each([
    ['no JWT_SECRET on PostgreSQL', { DATABASE_URL: 'postgresql://127.0.0.1:5432/postgres' }, /JWT_SECRET is required with PostgreSQL/],
    ['an unreadable token lifetime', { DATABASE_URL: 'file:./data/never.db', JWT_EXPIRES_IN: 'forever' }, /JWT_EXPIRES_IN must be a duration/],
    ['a database URL of another kind', { DATABASE_URL: 'mysql://localhost/herald' }, /DATABASE_URL must start with file:/],
  ])('%s: exits 1 with one line', (_name, env, message) => {
    const result = start(env);
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Herald could not start: /);
    expect(lines[0]).toMatch(message);
  });
});
