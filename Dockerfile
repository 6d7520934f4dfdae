# One image recipe for every app: docker build --build-arg APP=order-service .
#
# Base images are pinned to an exact tag (Node 24.21.0, as the `node` devDependency pins it). Not yet
# by digest: the digest of a tag can only be read from the registry that serves it, which the machine
# this was written on cannot reach. Pin it where Docker Hub answers (Renovate's dockerfile manager
# then keeps tag and digest current):
#   docker buildx imagetools inspect node:24.21.0-bookworm-slim --format '{{json .Manifest.Digest}}'
#   ARG NODE_IMAGE=node:24.21.0-bookworm-slim@sha256:<that digest>
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /repo
COPY package.json package-lock.json .npmrc ./
# --ignore-scripts: the `node` devDependency, which makes npm scripts run on Node 24 on a developer's
# machine, would download a second Node binary in its preinstall; this image is Node 24 already. No
# other package needs its install script for the build (swc, esbuild and nx take their native
# binaries from optional dependencies). Its bin shim goes too, so npx runs the image's node.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node node_modules/.bin/node
COPY . .
ARG APP
RUN test -n "${APP}" || { echo 'build with --build-arg APP=<app>' >&2; exit 1; }
# dist/apps/<app>/: main.js and the package.json + package-lock.json of just the packages it imports
RUN NX_DAEMON=false NX_NO_CLOUD=true npx nx run ${APP}:build --skip-nx-cache --output-style=static

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
ARG APP
# the app's own pruned dependency list (Nx generatePackageJson), at the workspace's locked versions
COPY --from=build /repo/dist/apps/${APP}/package.json /repo/dist/apps/${APP}/package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /repo/dist/apps/${APP}/ ./
# a numeric non-root user (Kubernetes' runAsNonRoot can verify a uid, not a name); above 10000, clear of host users
RUN groupadd --gid 10001 mstore && useradd --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin mstore
USER 10001:10001
ARG HEALTH_PATH=/health/ready
ENV PORT=8080 HOST=0.0.0.0 INSTANCE_HOST=auto HEALTH_PATH=${HEALTH_PATH}
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+process.env.PORT+process.env.HEALTH_PATH).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--enable-source-maps", "main.js"]
