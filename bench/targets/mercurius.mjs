import Fastify from 'fastify';
import mercurius from 'mercurius';
import { DateTimeResolver } from 'graphql-scalars';
import { createForwarder, isKnownApiKey } from '../lib/forwarder.mjs';
import { announce } from '../lib/ready.mjs';

/** The fastest GraphQL peer for this workload: Mercurius with graphql-jit, same schema subset and upstream call. */
const schema = /* GraphQL */ `
  scalar DateTime
  enum SceneRange { EXTRA_SHORT SHORT MEDIUM LONG }
  enum SourceLanguage { ENKO EN KO JA ZH_CN ZH_TW }
  input AnalyzeInput {
    workspaceName: String!
    projectId: ID!
    assetId: ID!
    sceneRange: SceneRange
    analysisPersonCount: Int!
    tagIds: [ID!]
    sourceLanguage: SourceLanguage
    detectAudioEffects: Boolean
  }
  type AssetIndex { id: ID! createdAt: DateTime! createdBy: String! }
  type Query { viewer: String }
  type Mutation { analyzeAsset(input: AnalyzeInput!): AssetIndex }
`;
const forwarder = createForwarder(process.env.UPSTREAM_URL);
const app = Fastify({ logger: false, keepAliveTimeout: 65_000 });
app.register(mercurius, {
  schema,
  resolvers: {
    DateTime: DateTimeResolver,
    Mutation: { analyzeAsset: (_root, { input }) => forwarder.analyze(input) },
  },
  // Compile a query with graphql-jit from its first execution on.
  jit: 1,
  context: (request) => {
    if (!isKnownApiKey(request.headers.authorization)) throw new mercurius.ErrorWithProps('unauthenticated', { code: 'UNAUTHENTICATED' }, 401);
    return {};
  },
});
app.listen({ port: 0, host: '127.0.0.1' }).then(() => announce(`http://127.0.0.1:${app.server.address().port}/graphql`, () => app.close()));
