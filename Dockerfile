# syntax=docker/dockerfile:1
# One image for every process of the region: the city nodes (command: node dist/apps/city-node/src/main.js) and
# the gateway (the default command). The city is configuration (CITY, PORT, DATABASE_URL, ...), never a build arg.

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Everything else the build needs (.dockerignore keeps out node_modules, dist, local data and keys).
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# A fixed, unprivileged uid/gid: deploy/keys must be readable by it (see deploy/keys/README.md).
RUN groupadd --system --gid 10001 ypf \
 && useradd --system --uid 10001 --gid ypf --home-dir /app --no-create-home --shell /usr/sbin/nologin ypf
# Application files stay root-owned and read-only for the runtime user.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
# The gateway reads the committed, composed supergraph at start (SUPERGRAPH_FILE, relative to /app).
COPY --from=build /app/apps/gateway/supergraph ./apps/gateway/supergraph
USER ypf:ypf
EXPOSE 4000 4101 4102 4103 4104 4105 4106 4107 4108
CMD ["node", "dist/apps/gateway/src/main.js"]
