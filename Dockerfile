# Dialtone: build the single binary in a Deno stage, run it in a small image.
#   docker build -t dialtone .
#   docker run -p 8080:8080 -v dialtone-data:/data dialtone

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
COPY main.ts ./
COPY src/ src/
COPY ui/ ui/
COPY scripts/ scripts/
COPY migrations/ migrations/
RUN deno install --frozen
RUN deno task compile && mkdir -p /empty

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /src/dist/dialtone /usr/local/bin/dialtone
# The volume starts as this empty folder, owned by the user the server runs as.
COPY --from=build --chown=nonroot:nonroot /empty /data
ENV DATA_DIR=/data \
    PORT=8080 \
    LOG_FORMAT=json
VOLUME ["/data"]
EXPOSE 8080
USER nonroot:nonroot
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["/usr/local/bin/dialtone", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/dialtone"]
CMD ["serve"]
