# Kuzet: one image for every role (ROLES=api | crawler | workers, or all three in one process).
# Build:  docker build -t kuzet .        Run: see docker-compose.yml
FROM node:20-bookworm-slim

# Debian's ffmpeg (frame sampling), chromium (crawler + screenshots), DejaVu (Cyrillic/Kazakh glyphs in PDFs and
# screenshots), openssl (packet signing keys), poppler-utils/libchromaprint-tools (checks used by tests and tooling).
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      ffmpeg chromium fonts-dejavu-core openssl poppler-utils libchromaprint-tools ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# tsx and typescript are runtime dependencies (TypeScript runs as-is); the CLI bundle is prebuilt after the source
# is copied (`npm run build`), since the image's node user cannot write node_modules/.cache at run time.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund && npm cache clean --force
COPY . .
RUN npm run build

# The image already has everything scripts/setup.sh would install (except redis-server: Redis is its own service).
ENV NODE_ENV=production \
    KUZET_SKIP_SETUP=1 \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/data \
    CHROMIUM_PATH=/usr/bin/chromium
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "bin/kuzet.mjs", "start"]
