# Two stages on node:22-bookworm-slim (Node 22 LTS; Node 20 is past its end of life). The build stage
# has the toolchain that compiles better-sqlite3 and the TypeScript compiler; the runtime stage has
# production dependencies only and runs as `node`.
# The steps mirror .ci/run: npm ci, then the build that `npm start` runs.

FROM node:22-bookworm-slim AS build
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# A dev dependency's install script reports usage over the network unless told not to.
ENV SCARF_ANALYTICS=false
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
  HOST=0.0.0.0 \
  PORT=3000 \
  DATABASE_PATH=/app/data/db/news.db
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY migrations ./migrations
# The shipped articles and model files stay in the image; only the database is a volume.
COPY data/articles ./data/articles
COPY data/models ./data/models
RUN mkdir -p /app/data/db && chown node:node /app/data/db
USER node
VOLUME ["/app/data/db"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/server.js"]
