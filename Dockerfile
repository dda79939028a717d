# Kembang: a static binary on a distroless base, running as non-root.
#
#   docker build -t kembang .
#   docker run -p 8080:8080 -v kembang-data:/data kembang
#
# Without DATABASE_URL the embedded SQLite database lives in /data and
# is seeded with demo data on the first start.
#
# The image never serves demo tokens (KEMBANG_DEMO_TOKENS=false): a
# container's clients all come from outside it, and the embedded demo's
# ADMIN token is for a trial on one's own machine. Without token keys
# every request is anonymous; give the server a secret and mint tokens
# with it:
#
#   docker run -p 8080:8080 -v kembang-data:/data -e KEMBANG_JWT_SECRET=<32+ bytes> kembang
#   docker run --rm -e KEMBANG_JWT_SECRET=<the same> kembang token --role ADMIN
#
# or point it at an identity provider (KEMBANG_OIDC, KEMBANG_JWKS_URL).
# server/demo_test.go checks these settings, tools/e2e the health check;
# docker-compose.yml runs it with PostgreSQL, docs/deploy.md explains both.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /kembang ./server
# The volume's mount point, owned by the nonroot user (65532).
RUN mkdir -p /data && chown 65532:65532 /data

# The health check's HTTP client: distroless has no shell and no wget, so
# take busybox's static wget (one file, about 1 MB).
FROM busybox:1.37-musl AS wget

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /kembang /kembang
COPY --from=wget /bin/wget /usr/local/bin/wget
COPY --from=build --chown=65532:65532 /data /data
ENV KEMBANG_DATA_DIR=/data \
    KEMBANG_ADDR=:8080 \
    KEMBANG_DEMO_TOKENS=false
VOLUME /data
EXPOSE 8080
USER 65532:65532
# Liveness: the process serves HTTP (it listens once migrations and the
# first start's demo data are done, hence the long start period). The
# database's state is /readyz, for load balancers. Change the port here
# if KEMBANG_ADDR or PORT moves the server off 8080.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["/usr/local/bin/wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/kembang"]
CMD ["serve"]
