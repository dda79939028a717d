package e2e

import (
	"bufio"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
)

// compose is the part of docker-compose.yml that the tests read.
type compose struct {
	Services map[string]struct {
		Image       string            `yaml:"image"`
		Build       any               `yaml:"build"`
		Profiles    []string          `yaml:"profiles"`
		Environment map[string]string `yaml:"environment"`
		Ports       []string          `yaml:"ports"`
		Volumes     []string          `yaml:"volumes"`
		DependsOn   any               `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
}

// readYAML decodes a file of the repository (path relative to its root).
func readYAML(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), path))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
}

// envNames returns the environment variables that `kembang serve --help`
// names, as "(env NAME)" after each flag.
func envNames(t *testing.T) map[string]bool {
	t.Helper()
	out, err := exec.Command(kembang(t), "serve", "--help").CombinedOutput()
	if err != nil {
		t.Fatalf("kembang serve --help: %v\n%s", err, out)
	}
	names := map[string]bool{}
	for _, m := range regexp.MustCompile(`\(env ([A-Z][A-Z0-9_]*)\)`).FindAllStringSubmatch(string(out), -1) {
		names[m[1]] = true
	}
	if !names["DATABASE_URL"] || !names["KEMBANG_JWT_SECRET"] {
		t.Fatalf("--help names no DATABASE_URL or KEMBANG_JWT_SECRET:\n%s", out)
	}
	return names
}

// otelVariables are the standard OpenTelemetry SDK variables the compose
// file may set on Kembang.
var otelVariables = regexp.MustCompile(`^OTEL_[A-Z0-9_]+$`)

// interpolated strips compose's ${VAR:-default} and ${VAR:?message}
// forms down to their default (empty for :?).
func interpolated(s string) string {
	return regexp.MustCompile(`\$\{[A-Z0-9_]+(:-([^}]*)|:\?[^}]*)?\}`).ReplaceAllStringFunc(s, func(m string) string {
		if i := strings.Index(m, ":-"); i >= 0 {
			return strings.TrimSuffix(m[i+2:], "}")
		}
		return ""
	})
}

// containerPort returns the container side of a compose port mapping
// ("8080:8080", "${KEMBANG_PORT:-8080}:8080", "9090").
func containerPort(mapping string) string {
	m := interpolated(mapping)
	return m[strings.LastIndex(m, ":")+1:]
}

// TestCompose checks docker-compose.yml, since no container engine runs
// here: the services and the profile, Kembang's environment against the
// variables the server reads, the database URL against the PostgreSQL
// service, the published port against the image's listen address, and
// the Prometheus and collector configuration files it mounts.
func TestCompose(t *testing.T) {
	var c compose
	readYAML(t, "docker-compose.yml", &c)
	for _, name := range []string{"postgres", "kembang", "prometheus", "otel-collector"} {
		if _, ok := c.Services[name]; !ok {
			t.Fatalf("docker-compose.yml has no service %q", name)
		}
	}
	pg, app := c.Services["postgres"], c.Services["kembang"]
	if !strings.HasPrefix(pg.Image, "postgres:15") {
		t.Errorf("postgres image %q, want PostgreSQL 15", pg.Image)
	}
	if app.Build == nil {
		t.Errorf("the kembang service is not built from the Dockerfile")
	}
	if len(pg.Profiles) != 0 || len(app.Profiles) != 0 {
		t.Errorf("postgres and kembang must run without a profile: %v, %v", pg.Profiles, app.Profiles)
	}
	for _, name := range []string{"prometheus", "otel-collector"} {
		if p := c.Services[name].Profiles; !slices.Equal(p, []string{"observability"}) {
			t.Errorf("%s: profiles %v, want [observability]", name, p)
		}
	}

	// Every variable set on Kembang is one it reads.
	known := envNames(t)
	for k := range app.Environment {
		if !known[k] && !otelVariables.MatchString(k) {
			t.Errorf("kembang sets %s, which the server does not read (kembang serve --help)", k)
		}
	}
	if !strings.Contains(app.Environment["KEMBANG_JWT_SECRET"], ":?") {
		t.Errorf("KEMBANG_JWT_SECRET = %q: the image serves no demo tokens, so compose must require a secret", app.Environment["KEMBANG_JWT_SECRET"])
	}

	// The database URL names the PostgreSQL service, its user and database.
	dbURL, err := url.Parse(interpolated(app.Environment["DATABASE_URL"]))
	if err != nil {
		t.Fatalf("DATABASE_URL: %v", err)
	}
	if dbURL.Scheme != "postgres" || dbURL.Hostname() != "postgres" || dbURL.Port() != "5432" {
		t.Errorf("DATABASE_URL %s: want postgres://…@postgres:5432/…", dbURL.Redacted())
	}
	pass, _ := dbURL.User.Password()
	if dbURL.User.Username() != pg.Environment["POSTGRES_USER"] || pass != interpolated(pg.Environment["POSTGRES_PASSWORD"]) ||
		strings.TrimPrefix(dbURL.Path, "/") != pg.Environment["POSTGRES_DB"] {
		t.Errorf("DATABASE_URL %s does not match the postgres service's user, password and database %v", dbURL.Redacted(), pg.Environment)
	}
	if !strings.Contains(interpolated(app.Environment["DATABASE_URL"]), "kembang:kembang@") {
		t.Errorf("DATABASE_URL: the password's default differs from POSTGRES_PASSWORD's")
	}

	// The published port is the one the image listens on.
	_, imagePort, err := net.SplitHostPort(dockerfile(t).env["KEMBANG_ADDR"])
	if err != nil {
		t.Fatalf("the Dockerfile's KEMBANG_ADDR: %v", err)
	}
	if len(app.Ports) != 1 || containerPort(app.Ports[0]) != imagePort {
		t.Errorf("kembang ports %v, want one mapping to the image's port %s", app.Ports, imagePort)
	}

	// Mounted configuration files exist.
	for name, s := range c.Services {
		for _, v := range s.Volumes {
			src, _, _ := strings.Cut(v, ":")
			if strings.HasPrefix(src, "./") {
				if _, err := os.Stat(filepath.Join(repoRoot(t), src)); err != nil {
					t.Errorf("%s mounts %s: %v", name, src, err)
				}
			} else if _, ok := c.Volumes[src]; !ok {
				t.Errorf("%s mounts volume %s, which is not declared", name, src)
			}
		}
	}

	// Prometheus scrapes Kembang's /metrics on its service name and port.
	var prom struct {
		ScrapeConfigs []struct {
			MetricsPath   string `yaml:"metrics_path"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	readYAML(t, "deploy/prometheus.yml", &prom)
	scraped := false
	for _, sc := range prom.ScrapeConfigs {
		for _, st := range sc.StaticConfigs {
			if slices.Contains(st.Targets, "kembang:"+imagePort) && (sc.MetricsPath == "" || sc.MetricsPath == "/metrics") {
				scraped = true
			}
		}
	}
	if !scraped {
		t.Errorf("deploy/prometheus.yml does not scrape kembang:%s/metrics", imagePort)
	}

	// The collector receives OTLP over HTTP on the port the compose file
	// names, and pipes traces from it.
	var otel struct {
		Receivers struct {
			OTLP struct {
				Protocols map[string]struct {
					Endpoint string `yaml:"endpoint"`
				} `yaml:"protocols"`
			} `yaml:"otlp"`
		} `yaml:"receivers"`
		Service struct {
			Pipelines map[string]struct {
				Receivers []string `yaml:"receivers"`
				Exporters []string `yaml:"exporters"`
			} `yaml:"pipelines"`
		} `yaml:"service"`
	}
	readYAML(t, "deploy/otel-collector.yaml", &otel)
	_, httpPort, _ := net.SplitHostPort(otel.Receivers.OTLP.Protocols["http"].Endpoint)
	collector := c.Services["otel-collector"]
	if httpPort != "4318" || !slices.ContainsFunc(collector.Ports, func(p string) bool { return containerPort(p) == httpPort }) {
		t.Errorf("the collector's OTLP/HTTP receiver listens on %q, published %v; want 4318, published", httpPort, collector.Ports)
	}
	if p := otel.Service.Pipelines["traces"]; !slices.Contains(p.Receivers, "otlp") || len(p.Exporters) == 0 {
		t.Errorf("deploy/otel-collector.yaml: traces pipeline %+v, want otlp in and an exporter out", p)
	}
	if !strings.Contains(readFile(t, "docker-compose.yml"), "OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:"+httpPort) {
		t.Errorf("docker-compose.yml does not show OTEL_EXPORTER_OTLP_ENDPOINT=http://otel-collector:%s", httpPort)
	}
}

// readFile returns a file of the repository as a string.
func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot(t), path))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// dockerfileFacts is what the tests read from the Dockerfile.
type dockerfileFacts struct {
	final       string            // image of the last FROM
	env         map[string]string // ENV of the final stage
	user        string            // USER of the final stage
	healthcheck string            // HEALTHCHECK of the final stage
	build       []string          // RUN instructions before the last FROM
}

// dockerfile parses the Dockerfile's instructions (continuation lines
// joined, comments dropped).
func dockerfile(t *testing.T) dockerfileFacts {
	t.Helper()
	var lines []string
	cont := false
	sc := bufio.NewScanner(strings.NewReader(readFile(t, "Dockerfile")))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if !cont && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		more := strings.HasSuffix(line, `\`)
		line = strings.TrimSpace(strings.TrimSuffix(line, `\`))
		if cont {
			lines[len(lines)-1] += " " + line
		} else {
			lines = append(lines, line)
		}
		cont = more
	}
	f := dockerfileFacts{env: map[string]string{}}
	var runs []string
	for _, l := range lines {
		word, rest, _ := strings.Cut(l, " ")
		switch strings.ToUpper(word) {
		case "FROM":
			f.build = append(f.build, runs...)
			runs = nil
			f.final, _, _ = strings.Cut(rest, " ")
			clear(f.env)
			f.user, f.healthcheck = "", ""
		case "RUN":
			runs = append(runs, rest)
		case "ENV":
			for _, kv := range strings.Fields(rest) {
				k, v, _ := strings.Cut(kv, "=")
				f.env[k] = strings.Trim(v, `"'`)
			}
		case "USER":
			f.user = rest
		case "HEALTHCHECK":
			f.healthcheck = rest
		}
	}
	return f
}

// TestDockerfile checks the image's build: static (CGO_ENABLED=0),
// multi-stage, non-root, with a health check that asks the port the image
// listens on for a path that a running server answers with 200.
func TestDockerfile(t *testing.T) {
	f := dockerfile(t)
	if !slices.ContainsFunc(f.build, func(r string) bool { return strings.Contains(r, "CGO_ENABLED=0") && strings.Contains(r, "./server") }) {
		t.Errorf("no static build (CGO_ENABLED=0 go build ./server) before the final stage: %q", f.build)
	}
	if !strings.Contains(f.final, "distroless") {
		t.Errorf("final stage %q, want a distroless base", f.final)
	}
	if u, _, _ := strings.Cut(f.user, ":"); u == "" || u == "0" || u == "root" {
		t.Errorf("USER %q, want a non-root user", f.user)
	}
	m := regexp.MustCompile(`"http://127\.0\.0\.1:(\d+)(/[a-z]*)"`).FindStringSubmatch(f.healthcheck)
	if m == nil {
		t.Fatalf("HEALTHCHECK %q asks no http://127.0.0.1:PORT/PATH", f.healthcheck)
	}
	if _, port, _ := net.SplitHostPort(f.env["KEMBANG_ADDR"]); port != m[1] {
		t.Errorf("HEALTHCHECK asks port %s, the image listens on %q", m[1], f.env["KEMBANG_ADDR"])
	}
	// The path is one the server answers, even before it has any data.
	srv := startServer(t, "KEMBANG_SEED=false")
	resp, err := http.Get(srv.url + m[2])
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: %d, want 200", m[2], resp.StatusCode)
	}
}
