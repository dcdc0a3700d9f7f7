# edgeseg-hub and the dashboard in one image (two processes: see compose.yaml).
#   docker build -f docker/hub.Dockerfile -t edgeseg-hub .
FROM node:20-bookworm-slim
WORKDIR /opt/edgeseg
ENV NODE_ENV=production ONNXRUNTIME_NODE_INSTALL=skip NEXT_TELEMETRY_DISABLED=1 TURBO_TELEMETRY_DISABLED=1
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY . .
RUN npm ci --no-audit --no-fund && npm run build -w edgeseg-dashboard && npm cache clean --force
VOLUME /var/lib/edgeseg
ENV EDGESEG_DATA_DIR=/var/lib/edgeseg
EXPOSE 1883 8080 3000
# Inside a container the services must listen on all interfaces, which the hub refuses without TLS:
# --insecure, because compose.yaml publishes the ports on the host's 127.0.0.1 only. Before publishing
# them further, run `edgeseg-hub tls init --hostnames <names>` in the volume: serve then uses TLS
# (docs/security.md, "TLS off loopback").
CMD ["node", "apps/hub/bin/edgeseg-hub.js", "serve", "--data-dir", "/var/lib/edgeseg", "--host", "0.0.0.0", "--insecure"]
