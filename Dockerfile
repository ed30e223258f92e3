# Production image: dependencies from the lock file, admin component bundle prebuilt at build time.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev && npm cache clean --force
COPY . .
RUN NODE_ENV=production ACME_BUILDING_ADMIN=true npx tsx scripts/build-admin.ts
USER node
EXPOSE 3000
# The same image runs either role: `web` (default) or `worker` (see docker-compose.yml).
CMD ["npx", "tsx", "src/server.ts"]
