# zhengzhao hub image: compiled once in a build stage, run on node:20-slim as the unprivileged
# `node` user with production dependencies only. Used by docker-compose.yml; configure it with the
# environment variables listed in the README (DATABASE_URL, KAFKA_BROKERS, ZZ_DATA_DIR, …).
# Only what the hub needs is copied (no .dockerignore: the repository's top level is fixed).

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The connectors are npm workspaces: their manifests must be here before `npm ci`.
COPY connectors ./connectors
COPY patches ./patches
# --ignore-scripts: `prepare` would build before the sources are here; the build is its own step.
# The postgres.js queue patch (patches/) is applied explicitly for the same reason.
RUN npm ci --ignore-scripts --no-audit --no-fund && npx patch-package --error-on-fail
COPY tsconfig.json ./
COPY src ./src
COPY schemas ./schemas
COPY certs ./certs
RUN npm run build
# Runtime files that live beside the code (SQL migrations, …): everything in src/ but TypeScript.
RUN mkdir -p /assets/src && find src -type f ! -name '*.ts' -exec cp --parents {} /assets/ \;
# Generated dev key material (git-ignored) never ships, whatever the build context held.
RUN rm -rf certs/dev

FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    ZZ_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=build /app/connectors ./connectors
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
# patch-package is a dev dependency: take the patched postgres.js from the build stage.
COPY --from=build /app/node_modules/postgres ./node_modules/postgres
COPY --from=build /app/dist ./dist
COPY --from=build /assets/src ./src
COPY --from=build /app/schemas ./schemas
COPY --from=build /app/certs ./certs
# Created before VOLUME so a fresh named volume inherits the node user's ownership.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
