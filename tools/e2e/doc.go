// Package e2e holds tests that drive Kembang from outside, as its users
// and operators do: they build the binary of ./server, start it on a free
// loopback port with the embedded SQLite store, and talk to it over HTTP
// (the explorer in headless Chromium), or check the container files
// (Dockerfile, docker-compose.yml) against the flags and environment
// variables the binary reports in its --help.
package e2e
