import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The main thread's profile of a process run with --cpu-prof-dir=dir. Node names profiles
 * CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile, and other threads (tsx's) write their own.
 */
export function mainThreadProfile(dir: string, pid: number): string {
  const file = readdirSync(dir).find((name) => name.includes(`.${pid}.0.`) && name.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no main-thread CPU profile of pid ${pid} in ${dir}`);
  return join(dir, file);
}
