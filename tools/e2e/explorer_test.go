package e2e

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// updateScreenshot rewrites docs/explorer.png from the browser test:
// go test ./tools/e2e -run TestExplorer -update-screenshot
var updateScreenshot = flag.Bool("update-screenshot", false, "write the explorer's screenshot to docs/explorer.png")

// chromiumPath returns the Chromium (or Chrome) executable, or "" when
// none is installed.
func chromiumPath() string {
	if p := os.Getenv("KEMBANG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// explorerQuery is the query the test types into the explorer.
const explorerQuery = `{
  viewer { role }
  employees(
    first: 5
    orderBy: {field: FULL_NAME}
  ) {
    totalCount
    edges { node { nip fullName unit { name } } }
  }
}
`

// TestExplorer loads the explorer in headless Chromium from a running
// server that has no demo tokens (it has a JWT secret), checks that it
// starts signed out, pastes a token minted with `kembang token` into the
// Headers tab, runs a query with the Run button and checks that its
// result shows. The browser reaches nothing but the server: every asset
// of the explorer is embedded in the binary, and the flags turn off
// Chromium's own background traffic.
func TestExplorer(t *testing.T) {
	chromium := chromiumPath()
	if chromium == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("Chromium is not installed; .ci/run installs it (apt-get install chromium)")
		}
		t.Skip("Chromium is not installed (apt-get install chromium, or set KEMBANG_CHROMIUM); CI=true makes this a failure")
	}
	start := time.Now()
	srv := startServer(t, "KEMBANG_JWT_SECRET=e2e-secret-of-at-least-thirty-two-bytes!")
	token := srv.command(t, "token", "--role", "ADMIN", "--ttl", "10m")
	t.Logf("server ready in %v", time.Since(start).Round(time.Millisecond))

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromium),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("safebrowsing-disable-auto-update", true),
		chromedp.Flag("no-proxy-server", true),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	browser, cancelBrowser := chromedp.NewContext(allocCtx, chromedp.WithLogf(t.Logf))
	defer cancelBrowser()
	// Start the browser with a context without a deadline (a deadline on
	// the first Run would bind the browser's life), then bound the steps.
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()

	// The editors are CodeMirror 5 instances; each one's element holds it.
	const editor = `document.querySelector(%q).CodeMirror`
	headers := strings.ReplaceAll(editor, "%q", `".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror"`)
	queryEditor := strings.ReplaceAll(editor, "%q", `".graphiql-query-editor .CodeMirror"`)
	result := strings.ReplaceAll(editor, "%q", `".graphiql-response .CodeMirror"`)

	if err := chromedp.Do(ctx,
		chromedp.Navigate(srv.url+"/explorer/"),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-query-editor .CodeMirror")),
		chromedp.WaitVisible(chromedp.CSS(".graphiql-editor-tool .CodeMirror")),
	); err != nil {
		t.Fatalf("loading the explorer: %v", err)
	}
	// The introduction in the query editor comes from the page, in the
	// browser's language (English here), as # comments.
	intro, err := chromedp.Run(ctx, chromedp.Evaluate[string](queryEditor+".getValue()"))
	if err != nil {
		t.Fatalf("reading the query editor: %v", err)
	}
	if !strings.HasPrefix(intro, "# Kembang: the GraphQL API") || !strings.Contains(intro, "employees(first: 5") {
		t.Errorf("the query editor does not start with the introduction and the example query:\n%s", intro)
	}
	signedOut, err := chromedp.Run(ctx, chromedp.Evaluate[string](headers+".getValue()"))
	if err != nil {
		t.Fatalf("reading the Headers tab: %v", err)
	}
	if strings.Contains(signedOut, "Bearer") {
		t.Fatalf("the explorer starts signed in without demo tokens: %q", signedOut)
	}

	headerJSON, err := json.MarshalIndent(map[string]string{"Authorization": "Bearer " + token}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	queryJS, _ := json.Marshal(explorerQuery)
	headersJS, _ := json.Marshal(string(headerJSON))
	if err := chromedp.Do(ctx,
		chromedp.Evaluate[chromedp.Void](headers+".setValue("+string(headersJS)+")"),
		chromedp.Evaluate[chromedp.Void](queryEditor+".setValue("+string(queryJS)+")"),
		chromedp.Click(chromedp.CSS(".graphiql-execute-button")),
	); err != nil {
		t.Fatalf("setting the token and running the query: %v", err)
	}
	// The result pane shows the response once it has arrived.
	got, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(function () { var v = `+result+`.getValue(); return v.indexOf('"totalCount"') >= 0 || v.indexOf('"errors"') >= 0 ? v : null; })()`,
		chromedp.WithPollingInterval(100*time.Millisecond),
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("waiting for the result: %v", err)
	}
	var resp struct {
		Data struct {
			Viewer struct {
				Role string `json:"role"`
			} `json:"viewer"`
			Employees struct {
				TotalCount int `json:"totalCount"`
				Edges      []struct {
					Node struct {
						FullName string `json:"fullName"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"employees"`
		} `json:"data"`
		Errors []json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal([]byte(got), &resp); err != nil {
		t.Fatalf("the result pane holds no JSON response: %v\n%s", err, got)
	}
	if len(resp.Errors) > 0 || resp.Data.Viewer.Role != "ADMIN" || resp.Data.Employees.TotalCount < 5 || len(resp.Data.Employees.Edges) != 5 {
		t.Fatalf("result: role %q, %d employees, %d shown, errors %s; want ADMIN, 5 or more, 5, none:\n%s",
			resp.Data.Viewer.Role, resp.Data.Employees.TotalCount, len(resp.Data.Employees.Edges), resp.Errors, got)
	}

	if *updateScreenshot {
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(repoRoot(t), "docs", "explorer.png")
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s", path)
	}
	t.Logf("explorer test done in %v", time.Since(start).Round(time.Millisecond))
}
