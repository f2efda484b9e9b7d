import { spawnSync } from 'node:child_process';

/** Command prefixes that pin the server under test and the load driver to separate cores. */
export interface CpuPinning {
  server: string[];
  driver: string[];
  description: string;
}

/** The cores this process may run on, from `taskset -cp` ("pid 1's current affinity list: 0-3,6"). */
function allowedCores(): number[] | undefined {
  const result = spawnSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const list = /list:\s*(\S+)/.exec(result.stdout)?.[1];
  if (!list) return undefined;
  return list.split(',').flatMap((range) => {
    const [from, to = from] = range.split('-').map(Number);
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/**
 * The server on the first allowed core and the load driver (autocannon unless named) on the
 * second, so neither steals the other's CPU. Without taskset or a second core both run unpinned,
 * and the report says so.
 */
export function detectCpuPinning({ server = 'server', driver = 'autocannon' } = {}): CpuPinning {
  const cores = allowedCores();
  if (!cores) return { server: [], driver: [], description: `not pinned: taskset is not available, so the ${server} and ${driver} share every core` };
  if (cores.length < 2) return { server: [], driver: [], description: `not pinned: only core ${cores[0]} is available, so the ${server} and ${driver} share it` };
  const [serverCore, driverCore] = cores;
  return {
    server: ['taskset', '-c', String(serverCore)],
    driver: ['taskset', '-c', String(driverCore)],
    description: `${server} on core ${serverCore}, ${driver} on core ${driverCore} (taskset); the databases, Redis and this script are not pinned`,
  };
}
