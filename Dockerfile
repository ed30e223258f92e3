# Production image: dependencies from the lock file; the admin component bundle and the server bundle
# (dist/, plain JavaScript: about half the memory of running the TypeScript through tsx) built at build time.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --include=dev && npm cache clean --force
COPY . .
RUN npm run build
USER node
EXPOSE 3000
# The same image runs either role: `web` (default) or `worker` (see docker-compose.yml).
CMD ["node", "--enable-source-maps", "dist/server.js"]
