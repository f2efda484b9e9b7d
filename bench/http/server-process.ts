import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { projectRoot } from '../../src/db/prisma-schema.ts';

export interface RunningServer {
  name: string;
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  child: ChildProcess;
  /** From spawning to the first healthy answer. */
  startupMs: number;
  output(): string;
  /** SIGTERM, then the exit code (a CPU profile is written on the way out). */
  stop(): Promise<number | null>;
}

export interface ServerCommand {
  name: string;
  /** An entry point relative to the project root: TypeScript runs with tsx, JavaScript as is. */
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  /** A command prefix such as ["taskset", "-c", "0"]. */
  pin?: string[];
  /** How often /health is asked while the server starts (sets the precision of startupMs). */
  pollMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server as its own process on a free loopback port and waits until GET /health answers
 * 200 (Herald at LOG_LEVEL=warn prints no start line to wait for).
 */
export async function startServer({ name, script, env, nodeArgs = [], pin = [], pollMs = 100 }: ServerCommand): Promise<RunningServer> {
  const port = await freePort();
  const loader = script.endsWith('.ts') ? ['--import', 'tsx'] : [];
  const [command, ...args] = [...pin, process.execPath, ...nodeArgs, ...loader, script];
  const child = spawn(command, args, {
    cwd: projectRoot,
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const baseUrl = `http://127.0.0.1:${port}`;

  const started = Date.now();
  let running = true;
  void exited.then(() => (running = false));
  for (;;) {
    if (!running) throw new Error(`${name} exited with ${child.exitCode} before answering /health:\n${output}`);
    if (Date.now() - started > 60_000) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not answer /health within 60 s:\n${output}`);
    }
    const healthy = await fetch(`${baseUrl}/health`).then(
      (response) => response.ok,
      () => false,
    );
    if (healthy) break;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }

  return {
    name,
    baseUrl,
    child,
    startupMs: Date.now() - started,
    output: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
