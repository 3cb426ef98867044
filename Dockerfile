# syntax=docker/dockerfile:1
#
# Container image of aks-cosmos-provisioner: the Azure Functions host (Node.js 22 worker) running the
# compiled app, with the aks-engine v0.32.3 CLI on the PATH.
#
#   docker build --platform linux/amd64 -t aks-cosmos-provisioner .
#
# Stages: "aks-engine" downloads the release archive and verifies its SHA-256 before extracting it,
# "build" compiles the TypeScript, "prod-deps" installs only production dependencies, and "runtime"
# copies in what runs and nothing else.

# Official Azure Functions base image for the v4 host with the Node.js 22 worker, pinned to one
# build: tags of the form <host version>-<image build>-<stack>, e.g. 4.1054.250-4-node22. The floating
# tag 4-node22 moves every month; do not use it here. Published tags are listed at
# https://mcr.microsoft.com/v2/azure-functions/node/tags/list. To move to a newer build, or to pin by
# digest (docker buildx imagetools inspect <image>), pass --build-arg BASE_IMAGE=<image>.
ARG BASE_IMAGE=mcr.microsoft.com/azure-functions/node:4.1054.250-4-node22

ARG AKS_ENGINE_VERSION=v0.32.3
# SHA-256 of aks-engine-v0.32.3-linux-amd64.tar.gz, the archive attached to the GitHub release
# https://github.com/Azure/aks-engine/releases/tag/v0.32.3. Source: the project's own release guide
# (docs/community/releases.md in Azure/aks-engine), which lists the `shasum -a 256` output of the
# v0.32.3 archives as published. To check it yourself:
#   curl -fsSL https://github.com/Azure/aks-engine/releases/download/v0.32.3/aks-engine-v0.32.3-linux-amd64.tar.gz | sha256sum
# The build stops if the downloaded archive does not match, or if this is not a 64-digit hex value.
ARG AKS_ENGINE_SHA256=19de96befe656c432fbde71c582fb3f9de8ab9abc681f1607852c4fc4a0bcb99

# --- aks-engine: download, verify, install --------------------------------------------------------
FROM --platform=linux/amd64 ${BASE_IMAGE} AS aks-engine
ARG AKS_ENGINE_VERSION
ARG AKS_ENGINE_SHA256
ARG AKS_ENGINE_URL=https://github.com/Azure/aks-engine/releases/download/${AKS_ENGINE_VERSION}/aks-engine-${AKS_ENGINE_VERSION}-linux-amd64.tar.gz
ARG AKS_ENGINE_INSTALL_DIR=/usr/local/bin
RUN set -eu; \
    if ! printf '%s' "$AKS_ENGINE_SHA256" | grep -Eqx '[0-9a-f]{64}'; then \
      echo "error: AKS_ENGINE_SHA256 must be the 64-digit lowercase hex SHA-256 of the aks-engine archive, got '$AKS_ENGINE_SHA256'" >&2; \
      exit 1; \
    fi; \
    tmp="$(mktemp -d)"; \
    curl --fail --silent --show-error --location --retry 3 --output "$tmp/aks-engine.tar.gz" "$AKS_ENGINE_URL"; \
    echo "$AKS_ENGINE_SHA256  $tmp/aks-engine.tar.gz" | sha256sum -c -; \
    tar -xzf "$tmp/aks-engine.tar.gz" -C "$tmp" "aks-engine-$AKS_ENGINE_VERSION-linux-amd64/aks-engine"; \
    install -D -m 0755 "$tmp/aks-engine-$AKS_ENGINE_VERSION-linux-amd64/aks-engine" "$AKS_ENGINE_INSTALL_DIR/aks-engine"; \
    "$AKS_ENGINE_INSTALL_DIR/aks-engine" version | grep -F "Version: $AKS_ENGINE_VERSION"; \
    rm -rf "$tmp"

# --- build: compile the TypeScript ----------------------------------------------------------------
FROM --platform=linux/amd64 ${BASE_IMAGE} AS build
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.src.json host.json ./
COPY src ./src
COPY openapi.yaml ./
# src/ alone, as the boundary test checks: nothing of the local stack can be compiled into the image.
RUN npm run build:src && test -f dist/app/main.cjs && test -f dist/openapi.json

# --- prod-deps: production dependencies only --------------------------------------------------------
# No production dependency has an install script (the infrastructure tests check package-lock.json),
# so scripts stay off here.
FROM --platform=linux/amd64 ${BASE_IMAGE} AS prod-deps
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

# --- runtime ----------------------------------------------------------------------------------------
FROM --platform=linux/amd64 ${BASE_IMAGE} AS runtime

# The base image runs the Functions host as root on port 80. It also works as an ordinary user when
# the host listens on a port above 1024 (ASPNETCORE_URLS below; the function app's WEBSITES_PORT app
# setting must name the same port) and can write under HOME=/home (logs, host state). The start
# script installs extra CA certificates only when the platform mounts them under /var/ssl/root,
# which needs root; this app does not use that feature.
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /home --no-create-home --shell /usr/sbin/nologin app \
    && mkdir -p /home/site/wwwroot /home/LogFiles /home/data \
    && chown app:app /home /home/LogFiles /home/data

ENV AzureWebJobsScriptRoot=/home/site/wwwroot \
    AzureFunctionsJobHost__Logging__Console__IsEnabled=true \
    ASPNETCORE_URLS=http://+:8080 \
    NODE_ENV=production \
    AKS_ENGINE_PATH=/usr/local/bin/aks-engine

COPY --from=aks-engine /usr/local/bin/aks-engine /usr/local/bin/aks-engine

# Only what runs: the app bundle (dist/app/main.cjs, package.json's "main") with the contract's JSON
# copy, host.json, package.json, the OpenAPI document and production node_modules (the bundle holds
# what it uses; they stay for tools run in the container). Owned by root and read-only for the app user.
WORKDIR /home/site/wwwroot
COPY --from=build /build/host.json /build/package.json /build/openapi.yaml ./
COPY --from=build /build/dist/app ./dist/app
COPY --from=build /build/dist/openapi.json ./dist/openapi.json
COPY --from=prod-deps /build/node_modules ./node_modules

USER app
EXPOSE 8080
