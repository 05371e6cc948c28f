# syntax=docker/dockerfile:1
# Build stage: full dependencies, compile TypeScript.
# Node 24 LTS, minor pinned (bump deliberately; CI also tests Node 20).
FROM node:24.11-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# Dependency patches, applied by npm ci's postinstall (patch-package; see patches/README.md).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json codegen.ts ./
COPY schema ./schema
COPY src ./src
RUN npm run build

# Runtime stage: production dependencies and the compiled output only.
FROM node:24.11-bookworm-slim
ENV NODE_ENV=production
# V8's young generation capped at 16 MB semi-spaces (Node 24 lets them grow to 64 MB on large hosts):
# peak RSS under load ~335 -> ~200 MB for ~6% more CPU per request (bench/README.md, "Tuning log, round 3").
ENV NODE_OPTIONS="--max-semi-space-size=16"
WORKDIR /app
COPY package.json package-lock.json ./
# Dependency patches, applied by npm ci's postinstall (patch-package; see patches/README.md).
COPY patches ./patches
# --omit=optional too: optional peers that only dev tools need (@fastify/websocket, a peer of graphql-ws
# that mercurius pulls in) would otherwise be installed; the gateway loads none of them.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY schema ./schema
COPY mcp ./mcp
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
USER node
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "scripts/healthcheck.mjs"]
# --init equivalent: Node runs as PID 1 but handles SIGTERM/SIGINT itself (src/main.ts drains and exits 0).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
