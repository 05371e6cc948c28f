import { ApolloServer } from '@apollo/server';
import { GraphQLError, GraphQLObjectType, GraphQLSchema, GraphQLString, GraphQLNonNull, GraphQLInt, type GraphQLFormattedError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJitGateway } from '../../../src/graphql/jit-executor.js';
import { CompiledOperations } from '../../../src/graphql/compiled-operations.js';

class AppError extends GraphQLError {
  constructor(message: string) {
    super(message, { extensions: { code: 'APP_CODE', retryable: true } });
  }
}

let calls = 0;
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: { type: GraphQLString, args: { n: { type: new GraphQLNonNull(GraphQLInt) } }, resolve: (_s, { n }: { n: number }) => `hi ${n}` },
      fails: {
        type: GraphQLString,
        resolve: () => {
          calls += 1;
          throw new AppError('it failed');
        },
      },
    },
  }),
});

describe('graphql-jit behind Apollo (createJitGateway)', () => {
  const seen: unknown[] = [];
  const known = new CompiledOperations(100);
  const apollo = new ApolloServer({
    gateway: createJitGateway(schema, known),
    // Like GraphQL Armor's blockFieldSuggestion: rewrites each error's message in place.
    plugins: [
      {
        requestDidStart: async () => ({
          didEncounterErrors: async ({ errors }) => errors.forEach((e) => ((e as { message: string }).message = `${e.message}.`)),
        }),
      },
    ],
    formatError: (formatted: GraphQLFormattedError, error: unknown) => {
      seen.push((error as { originalError?: unknown }).originalError);
      return formatted;
    },
  });
  beforeAll(() => apollo.start());
  afterAll(() => apollo.stop());

  it('executes a document with graphql-js on its first use, compiled from its second on, with the same answers', async () => {
    const query = 'query Q($n: Int!) { hello(n: $n) }';
    for (const n of [1, 2, 3]) {
      const res = await apollo.executeOperation({ query, variables: { n } });
      expect(res.body.kind === 'single' && res.body.singleResult).toEqual({ data: { hello: `hi ${n}` } });
      expect(known.find(query, undefined) !== undefined, `compiled after use ${n}`).toBe(n >= 2);
    }
  });

  it("turns graphql-jit's errors back into GraphQLErrors: extensions, path, locations and the original error survive", async () => {
    const query = '{\n  fails }';
    // The first use runs on graphql-js, the second compiled: both must answer the same.
    for (const use of [1, 2]) {
      const res = await apollo.executeOperation({ query });
      const body = res.body.kind === 'single' ? res.body.singleResult : null;
      expect(body?.data).toEqual({ fails: null });
      expect(body?.errors).toEqual([
        { message: 'it failed.', path: ['fails'], locations: [{ line: 2, column: 3 }], extensions: { code: 'APP_CODE', retryable: true } },
      ]);
      expect(seen.at(-1)).toBeInstanceOf(AppError);
      expect(calls).toBe(use);
    }
    expect(known.find(query, undefined)).toBeDefined();
  });

  it('answers a variable coercion failure like graphql-js: 400 BAD_USER_INPUT, no resolver run', async () => {
    expect(known.find('query Q($n: Int!) { hello(n: $n) }', undefined), 'compiled by the first test').toBeDefined();
    const res = await apollo.executeOperation({ query: 'query Q($n: Int!) { hello(n: $n) }', variables: { n: 'x' } });
    expect(res.http.status).toBe(400);
    const body = res.body.kind === 'single' ? res.body.singleResult : null;
    expect(body?.data).toBeUndefined();
    expect(body?.errors?.[0]?.message).toMatch(/^Variable "\$n" got invalid value "x".*\.$/);
    expect(body?.errors?.[0]?.extensions?.['code']).toBe('BAD_USER_INPUT');
  });
});

describe('createJitGateway: what the execution throws is reported with its request', () => {
  it('hands the thrown error and the request context to onErrors; Apollo formats an error whose originalError it is', async () => {
    const thrown = new Error('executor bug');
    const reported: Array<{ context: unknown; errors: readonly unknown[] }> = [];
    const formattedFrom: unknown[] = [];
    const apollo = new ApolloServer<{ requestId: string }>({
      gateway: createJitGateway(schema, new CompiledOperations(100), {
        onOperation: (_context, name) => {
          if (name === 'Boom') throw thrown;
        },
        onErrors: (context, errors) => reported.push({ context, errors }),
      }),
      formatError: (formatted, error) => {
        formattedFrom.push((error as { originalError?: unknown }).originalError);
        return formatted;
      },
    });
    await apollo.start();
    try {
      const res = await apollo.executeOperation({ query: 'query Boom { hello(n: 1) }' }, { contextValue: { requestId: 'req-boom' } });
      expect(res.body.kind === 'single' && res.body.singleResult.errors?.[0]?.message).toBe('executor bug');
      expect(reported).toHaveLength(1);
      expect(reported[0]!.errors).toEqual([thrown]);
      expect(reported[0]!.context).toMatchObject({ requestId: 'req-boom' });
      expect(formattedFrom).toEqual([thrown]);
    } finally {
      await apollo.stop();
    }
  });
});

/** An Apollo Server over the jit executor with the given cache, started for `use` and stopped after. */
async function withApollo(known: CompiledOperations, use: (apollo: ApolloServer) => Promise<void>): Promise<void> {
  const apollo = new ApolloServer({ gateway: createJitGateway(schema, known) });
  await apollo.start();
  try {
    await use(apollo);
  } finally {
    await apollo.stop();
  }
}

describe('createJitGateway: compiled operations stay within the cache', () => {
  it('keeps compiled code within the budget however many distinct documents arrive, and still answers each', async () => {
    const known = new CompiledOperations(1000, { maxWeight: 20_000 });
    await withApollo(known, async (apollo) => {
      for (let n = 0; n < 40; n += 1) {
        // Twice each: a text is compiled on its second use.
        for (let use = 0; use < 2; use += 1) {
          const res = await apollo.executeOperation({ query: `query Q${n}($n: Int!) { a: hello(n: $n) b: hello(n: ${n}) }`, variables: { n } });
          expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ a: `hi ${n}`, b: `hi ${n}` });
          expect(known.weight).toBeLessThanOrEqual(20_000);
        }
      }
    });
    expect(known.size).toBeGreaterThan(0);
    expect(known.size).toBeLessThan(40);
  });

  it('with a cache of size 0, runs everything with graphql-js and keeps nothing compiled', async () => {
    const known = new CompiledOperations(0);
    await withApollo(known, async (apollo) => {
      for (let use = 0; use < 2; use += 1) {
        const res = await apollo.executeOperation({ query: 'query Q($n: Int!) { hello(n: $n) }', variables: { n: 7 } });
        expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ hello: 'hi 7' });
      }
    });
    expect(known.size).toBe(0);
  });

  it('never compiles documents used once, however many arrive (clients that write literals into their texts)', async () => {
    const known = new CompiledOperations(1000);
    await withApollo(known, async (apollo) => {
      for (let n = 0; n < 30; n += 1) {
        const res = await apollo.executeOperation({ query: `{ hello(n: ${n}) }` });
        expect(res.body.kind === 'single' && res.body.singleResult.data).toEqual({ hello: `hi ${n}` });
      }
    });
    expect(known.size).toBe(0);
  });
});
