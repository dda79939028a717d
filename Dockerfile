# Kembang: a static binary on a distroless base, running as non-root.
#
#   docker build -t kembang .
#   docker run -p 8080:8080 -v kembang-data:/data kembang
#
# Without DATABASE_URL the embedded SQLite database lives in /data and
# is seeded with demo data on the first start.

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
    KEMBANG_ADDR=:8080
VOLUME /data
EXPOSE 8080
USER 65532:65532
ENTRYPOINT ["/kembang"]
CMD ["serve"]
