# Dialtone: build the single binary in a Deno stage, run it in a small image.
#   docker build -t dialtone --build-arg VERSION=$(git describe --always) \
#     --build-arg REVISION=$(git rev-parse HEAD) --build-arg CREATED=$(date -u +%FT%TZ) \
#     --build-arg SOURCE=https://git.example.com/you/dialtone .
#   docker run -p 8080:8080 -v dialtone-data:/data dialtone
# compose.yaml runs two instances on Postgres; deploy/kubernetes/ has manifests.

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
# Dependencies first, in their own layer: a change to the code does not fetch them again.
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY src/ src/
COPY ui/ ui/
COPY scripts/ scripts/
COPY migrations/ migrations/
# The compile task embeds only the npm packages main.ts imports (no test or build tools).
RUN deno task compile && mkdir -p /empty

FROM gcr.io/distroless/cc-debian12:nonroot
ARG VERSION=dev
ARG REVISION=unknown
ARG CREATED=unknown
# Where the sources live (a repository URL), when the builder knows it.
ARG SOURCE=""
LABEL org.opencontainers.image.title="Dialtone" \
      org.opencontainers.image.description="Self-hosted feature flags and dynamic configuration, wire-compatible with Replane" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.base.name="gcr.io/distroless/cc-debian12:nonroot"
COPY --from=build /src/dist/dialtone /usr/local/bin/dialtone
# The volume starts as this empty folder, owned by the user the server runs as.
COPY --from=build --chown=nonroot:nonroot /empty /data
ENV DATA_DIR=/data \
    PORT=8080 \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
# Exec form; the binary is its own health check client (the image has no shell or curl).
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/dialtone", "healthcheck"]
# The server stops within 20 s of SIGTERM; `docker stop -t 30` leaves it that time.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/local/bin/dialtone"]
CMD ["serve"]
