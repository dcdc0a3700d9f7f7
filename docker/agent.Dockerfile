# edgeseg-agent for linux/amd64 and linux/arm64 (onnxruntime-node ships CPU binaries for both):
#   docker buildx build --platform linux/amd64,linux/arm64 -f docker/agent.Dockerfile -t edgeseg-agent .
# 32-bit Raspberry Pi OS (linux/arm/v7) also works: the agent falls back to onnxruntime-web (WASM).
FROM node:20-bookworm-slim
WORKDIR /opt/edgeseg
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
# better-sqlite3 is a dependency of the workspace and compiles from source.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund && npm cache clean --force
# Config (device id and secret, mode 0600), spool, artifacts and generated datasets live in the volume.
VOLUME /var/lib/edgeseg
ENV EDGESEG_AGENT_CONFIG=/var/lib/edgeseg/agent.json EDGESEG_CACHE_DIR=/var/lib/edgeseg/cache
ENTRYPOINT ["node", "apps/agent/bin/edgeseg-agent.js"]
CMD ["run"]
