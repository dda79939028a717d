package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// binary is the Kembang server built once for the whole package.
var binary struct {
	once sync.Once
	dir  string
	path string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if binary.dir != "" {
		os.RemoveAll(binary.dir)
	}
	os.Exit(code)
}

// repoRoot returns the repository's root directory (this package is two
// levels below it).
func repoRoot(t testing.TB) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// kembang returns the path of the binary built from ./server.
func kembang(t testing.TB) string {
	t.Helper()
	binary.once.Do(func() {
		binary.dir, binary.err = os.MkdirTemp("", "kembang-e2e-")
		if binary.err != nil {
			return
		}
		binary.path = filepath.Join(binary.dir, "kembang")
		if runtime.GOOS == "windows" {
			binary.path += ".exe"
		}
		cmd := exec.Command("go", "build", "-o", binary.path, "./server")
		cmd.Dir = repoRoot(t)
		if out, err := cmd.CombinedOutput(); err != nil {
			binary.err = fmt.Errorf("go build ./server: %w\n%s", err, out)
		}
	})
	if binary.err != nil {
		t.Fatal(binary.err)
	}
	return binary.path
}

// server is a running Kembang process.
type server struct {
	url string // http://127.0.0.1:port
	env []string
	log *bytes.Buffer
}

// freeAddr returns a loopback address with a port that was free a moment
// ago.
func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// startServer runs `kembang serve` on the embedded store in a fresh data
// directory, with env added to a minimal environment, and waits until
// /readyz answers 200. The process is stopped (SIGTERM, as a container
// engine does) when the test ends.
func startServer(t *testing.T, env ...string) *server {
	t.Helper()
	bin := kembang(t)
	addr := freeAddr(t)
	s := &server{url: "http://" + addr, log: &bytes.Buffer{}}
	s.env = append([]string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + t.TempDir(),
		"KEMBANG_DATA_DIR=" + t.TempDir(),
		"KEMBANG_ADDR=" + addr,
		"KEMBANG_SEED_EMPLOYEES=60",
		"KEMBANG_LOG_LEVEL=warn",
	}, env...)
	cmd := exec.Command(bin, "serve")
	cmd.Env = s.env
	cmd.Stdout = s.log
	cmd.Stderr = s.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("server log:\n%s", s.log)
		}
	})

	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := http.Get(s.url + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		select {
		case err := <-exited:
			t.Fatalf("the server exited before it was ready: %v\n%s", err, s.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server was not ready within 90 s:\n%s", s.log)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// command runs another command of the binary (token, seed...) with the
// server's environment and returns its standard output.
func (s *server) command(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, kembang(t), args...)
	cmd.Env = s.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kembang %s: %v\n%s", strings.Join(args, " "), err, stderr.Bytes())
	}
	return strings.TrimSpace(string(out))
}
