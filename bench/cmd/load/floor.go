package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"kembang/bench"
)

// The floor target (--floor, bench/floor.go): before the runs, each
// query's request is sent to Kembang once and its response bytes kept;
// the floor server (bench/cmd/floor), a separate process started here,
// answers the same requests with those bytes, and the floor target is
// measured like the others (same client, concurrency and rounds). Its
// median is what any HTTP server on this machine pays per request; the
// ratios then print Kembang over the floor and the floor over raw SQL.

// floorBinary returns the floor server's executable: bin when set, else
// "floor" beside the driver's own executable.
func floorBinary(bin string) (string, error) {
	if bin != "" {
		return bin, nil
	}
	self, err := os.Executable()
	if err != nil {
		return "", err
	}
	p := filepath.Join(filepath.Dir(self), "floor")
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("--floor: no %s; build it (go build -o %s ./bench/cmd/floor) or pass --floor-bin", p, p)
	}
	return p, nil
}

// captureFloor sends each request to Kembang once (through c, with its
// token) and returns the exchanges, the floor server's entries.
func captureFloor(ctx context.Context, c *http.Client, reqs []*bench.Request) ([]bench.FloorEntry, error) {
	entries := make([]bench.FloorEntry, 0, len(reqs))
	for _, r := range reqs {
		resp, err := r.Capture(ctx, c)
		if err != nil {
			return nil, err
		}
		entries = append(entries, bench.FloorEntry{Request: r.Body(), Response: resp})
	}
	return entries, nil
}

// floorServer is a running floor server process (cold.go's server: its
// pid, and stop, which ends its process group) and its endpoint.
type floorServer struct {
	*server
	url string
}

// floorStartTimeout bounds the wait for the floor server's address.
const floorStartTimeout = 30 * time.Second

// startFloor starts bin with the entries on its standard input and waits
// for the address it listens on (its first line of output). The server's
// errors go to log.
func startFloor(bin string, entries []bench.FloorEntry, log io.Writer) (*floorServer, error) {
	in, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "--addr", "127.0.0.1:0")
	cmd.Stdin = bytes.NewReader(in)
	cmd.Stderr = log
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the floor server %s: %w", bin, err)
	}
	s := &floorServer{server: &server{cmd: cmd, done: make(chan struct{})}}
	lines := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
		io.Copy(io.Discard, stdout)
		cmd.Wait()
		close(s.done)
	}()
	const prefix = bench.FloorListening
	select {
	case line, ok := <-lines:
		if !ok || !strings.HasPrefix(line, prefix) {
			s.stop()
			return nil, fmt.Errorf("the floor server did not start (first line %q)", line)
		}
		s.url = strings.TrimPrefix(line, prefix)
	case <-time.After(floorStartTimeout):
		s.stop()
		return nil, errors.New("the floor server did not start in time")
	}
	if err := bench.CheckLoopback(s.url); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}
