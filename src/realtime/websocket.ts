import type { Server } from 'node:http';
import { type ExecutionArgs, GraphQLError } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { connectionParamsAuthorization, viewerFromAuthorization } from '../auth/authenticate.ts';
import type { TokenSigner } from '../auth/tokens.ts';
import { UnauthenticatedError } from '../domain/errors.ts';
import type { GraphQLHandler } from '../graphql/yoga.ts';

const isUnauthenticated = (error: unknown) =>
  error instanceof UnauthenticatedError ||
  (error instanceof GraphQLError && (error.originalError instanceof UnauthenticatedError || error.extensions?.code === 'UNAUTHENTICATED'));

type EnvelopedArgs = ExecutionArgs & Pick<ReturnType<GraphQLHandler['getEnveloped']>, 'execute' | 'subscribe'>;

/**
 * GraphQL over WebSocket (graphql-transport-ws) on the HTTP server's /graphql path. Every
 * operation goes through yoga's envelop, so it gets the same schema, limits, error masking and
 * context as HTTP. The token in connectionParams.authorization is checked on connect and on
 * every subscribe; without a valid one the socket closes with 4403.
 */
export function attachWebSocketServer({ server, yoga, tokens }: { server: Server; yoga: GraphQLHandler; tokens: TokenSigner }) {
  const wss = new WebSocketServer({ server, path: yoga.graphqlEndpoint });
  const graphqlWs = useServer(
    {
      // onSubscribe below returns yoga's execute/subscribe alongside the arguments.
      execute: (args) => (args as EnvelopedArgs).execute(args),
      subscribe: (args) => (args as EnvelopedArgs).subscribe(args),
      onConnect: async (ctx) => {
        const authorization = connectionParamsAuthorization(ctx.connectionParams);
        if (!authorization) return false;
        return viewerFromAuthorization(authorization, tokens).then(
          (viewer) => viewer !== null,
          () => false,
        );
      },
      onSubscribe: async (ctx, _id, payload) => {
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params: payload,
          connectionParams: ctx.connectionParams ?? {},
        });
        let contextValue: unknown;
        try {
          contextValue = await contextFactory();
        } catch (error) {
          // The only thing building the context can refuse is the token (expired, user gone).
          if (!isUnauthenticated(error)) throw error;
          ctx.extra.socket.close(CloseCode.Forbidden, 'Forbidden');
          return [new GraphQLError('Forbidden', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const document = parse(payload.query);
        const errors = validate(schema, document);
        if (errors.length) return errors;
        const args: EnvelopedArgs = {
          schema,
          document,
          operationName: payload.operationName,
          variableValues: payload.variables,
          contextValue,
          execute,
          subscribe,
        };
        return args;
      },
    },
    wss,
  );

  return {
    /** Closes every socket (1001 Going Away) and stops accepting new ones. */
    async close() {
      await graphqlWs.dispose();
    },
  };
}
