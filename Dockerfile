# syntax=docker/dockerfile:1
# One image for every process of the region: the city nodes (command: node dist/apps/city-node/src/main.js) and
# the gateway (the default command). The city is configuration (CITY, PORT, DATABASE_URL, ...), never a build arg.
# The Node version is the one in .node-version (a unit test fails when they differ); the image's npm is 11, which
# honours package.json's allowScripts.

FROM node:24.22.3-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
# Everything else the build needs (.dockerignore keeps out node_modules, dist, local data, keys and .tools).
COPY . .
# The SBOM (CycloneDX JSON) of exactly the production dependencies the image ships, checked by scripts/sbom-check.mjs,
# is written before the development dependencies (its generator among them) are pruned.
RUN npm run build \
 && npm run sbom \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:24.22.3-bookworm-slim
LABEL org.opencontainers.image.title="yangtze-police-federation" \
      org.opencontainers.image.description="Yangtze Police Federation: a city node or the regional gateway" \
      org.opencontainers.image.licenses="UNLICENSED" \
      org.opencontainers.image.base.name="docker.io/library/node:24.22.3-bookworm-slim" \
      ypf.sbom.path="/app/sbom.cdx.json" \
      ypf.sbom.format="CycloneDX 1.6 JSON: the npm production dependencies"
ENV NODE_ENV=production \
    MALLOC_ARENA_MAX=2
WORKDIR /app
# A fixed, unprivileged uid/gid: deploy/keys must be readable by it (see deploy/keys/README.md).
RUN groupadd --system --gid 10001 ypf \
 && useradd --system --uid 10001 --gid ypf --home-dir /app --no-create-home --shell /usr/sbin/nologin ypf
# Application files stay root-owned and read-only for the runtime user.
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/sbom.cdx.json ./sbom.cdx.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/config ./config
# The gateway reads the committed, composed supergraph at start (SUPERGRAPH_FILE, relative to /app).
COPY --from=build /app/apps/gateway/supergraph ./apps/gateway/supergraph
USER ypf:ypf
EXPOSE 4000 4101 4102 4103 4104 4105 4106 4107 4108
CMD ["node", "dist/apps/gateway/src/main.js"]
