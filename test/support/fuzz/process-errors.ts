/**
 * The server runs in this process. An error nobody handled would crash a real server, so it is
 * recorded (against the operation running at the time) instead of ending the run; what the
 * server prints with console.error (graphql-ws does, for errors in its handlers) is kept with
 * the operation instead of flooding the output.
 */
export function watchProcessErrors(current: () => number) {
  const errors: { index: number; message: string }[] = [];
  const logged: string[] = [];
  const onRejection = (reason: unknown) => errors.push({ index: current(), message: `unhandled rejection: ${describe(reason)}` });
  const onException = (error: unknown) => errors.push({ index: current(), message: `uncaught exception: ${describe(error)}` });
  const consoleError = console.error;
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  console.error = (...args: unknown[]) => void logged.push(args.map(describe).join(' '));
  return {
    /** Unhandled errors since the last call. */
    takeErrors: () => errors.splice(0),
    /** What the server logged since the last call. */
    takeLogged: () => logged.splice(0),
    dispose() {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
      console.error = consoleError;
    },
  };
}

const describe = (value: unknown) => (value instanceof Error ? `${value.name}: ${value.message}\n${value.stack ?? ''}` : String(value)).slice(0, 2_000);
