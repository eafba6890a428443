# One image for the API, the worker and the setup job; docker-compose.yml picks the command.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The dashboard the API serves at /app/ (web/ built into web/dist).
RUN npm run build:web
ENV NODE_ENV=production
CMD ["npx", "tsx", "api/main.ts"]
