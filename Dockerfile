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
# server/demo_test.go (TestDockerImage) checks these settings.

FROM golang:1.26 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /kembang ./server
# The volume's mount point, owned by the nonroot user (65532).
RUN mkdir -p /data && chown 65532:65532 /data

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /kembang /kembang
COPY --from=build --chown=65532:65532 /data /data
ENV KEMBANG_DATA_DIR=/data \
    KEMBANG_ADDR=:8080 \
    KEMBANG_DEMO_TOKENS=false
VOLUME /data
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/kembang"]
CMD ["serve"]
