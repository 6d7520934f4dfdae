# One image recipe for every app: docker build --build-arg APP=order-service .
FROM node:24-bookworm-slim AS build
WORKDIR /repo
COPY package.json package-lock.json .npmrc ./
RUN npm ci --no-audit --no-fund
COPY . .
ARG APP
RUN NX_DAEMON=false npx nx build ${APP} --skip-nx-cache

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json .npmrc ./
# runtime needs only production dependencies; the image's own Node 24 runs them
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
ARG APP
COPY --from=build /repo/dist/apps/${APP} ./dist
USER node
ENV PORT=8080 HOST=0.0.0.0 INSTANCE_HOST=auto
EXPOSE 8080
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "--enable-source-maps", "dist/main.js"]
