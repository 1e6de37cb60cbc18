# syntax=docker/dockerfile:1
# One image for the whole service: `api` (the default command), `projector`, `witness` and `cli …`
# (deploy/entrypoint.sh). Build: docker build -t dsr-audit-trail .   Run: docs/operations.md.
# Node 20, as package.json's engines (>=20.12) and CI use; bookworm in both stages, so the
# better-sqlite3 binary built in the first runs in the second.

FROM node:20-bookworm AS build
WORKDIR /app
# better-sqlite3 falls back to compiling when no prebuilt binary fits: python3, make and g++ are in this image
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY test ./test
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
# tzdata: local time for the OS tools and for anything that prints local time. The service itself
# dates deadlines and draws in China's time (UTC+8) whatever TZ says, and logs UTC epoch milliseconds.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tzdata \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    TZ=Asia/Shanghai \
    DATA_DIR=/data \
    HOST=0.0.0.0 \
    PORT=3000
WORKDIR /app
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root deploy/entrypoint.sh /usr/local/bin/dsr
# the code belongs to root and is read-only to the service; only DATA_DIR is the service user's
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# green only when both stores answer and the projections keep up (docs/operations.md, "Health and alerts")
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/local/bin/dsr"]
CMD ["api"]
