package entgen

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"text/template/parse"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc/gen"
)

// upstreamHeader is the first line of a carried copy's header comment:
// the module and version it was copied from, the file in the module and
// the file's SHA-256.
var upstreamHeader = regexp.MustCompile(`(?m)^Upstream: (\S+)@(\S+) (\S+) sha256:([0-9a-f]{64})\nCopy: (full|partial)\n`)

// carried is a template copied from ent or entgql.
type carried struct {
	file          string // in templateFS
	module        string // entgo.io/ent or entgo.io/contrib
	version       string // the module version it was copied from
	upstream      string // the upstream file, relative to the module
	sha256        string // the upstream file's SHA-256 when copied
	full          bool   // a copy of the whole file, else of some of its blocks
	text          string // the copy
	upstreamBytes []byte
}

// carriedCopies returns the copies in template/ent and template/entgql,
// each with a header naming its upstream.
func carriedCopies(t *testing.T) []carried {
	t.Helper()
	var cs []carried
	for _, dir := range []string{entDir, entgqlDir} {
		files, err := fs.Glob(templateFS, dir+"/*.tmpl")
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			b, err := templateFS.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			m := upstreamHeader.FindStringSubmatch(string(b))
			if m == nil {
				t.Errorf("%s: no header naming its upstream (Upstream: module@version file sha256:...; Copy: full|partial)", f)
				continue
			}
			cs = append(cs, carried{file: f, module: m[1], version: m[2], upstream: m[3], sha256: m[4], full: m[5] == "full", text: string(b)})
		}
	}
	if len(cs) == 0 {
		t.Fatal("no carried templates found")
	}
	return cs
}

// moduleDir returns the version go.mod requires of module and its
// directory in the module cache.
func moduleDir(t *testing.T, module string) (version, dir string) {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Version}}\t{{.Dir}}", module).Output()
	if err != nil {
		t.Fatalf("go list -m %s: %v", module, err)
	}
	version, dir, _ = strings.Cut(strings.TrimSpace(string(out)), "\t")
	if dir == "" {
		t.Fatalf("go list -m %s: module not downloaded (go mod download)", module)
	}
	return version, dir
}

// defines returns the names of the templates a file defines, parsed
// without checking its functions.
func defines(t *testing.T, name, text string) []string {
	t.Helper()
	tree := parse.New(name)
	tree.Mode = parse.SkipFuncCheck
	set := make(map[string]*parse.Tree)
	if _, err := tree.Parse(text, "{{", "}}", set); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var names []string
	for n, tr := range set {
		if n != name || !parse.IsEmptyTree(tr.Root) {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	return names
}

// TestCarriedTemplatesMatchUpstream fails when a carried copy of an ent or
// entgql template no longer matches the upstream version in go.mod: the
// version it was copied from differs, the upstream file changed, or the
// copy defines other blocks than upstream. Then the copy must be made
// again from the new upstream file (docs/upgrading.md, "ent and entgql").
func TestCarriedTemplatesMatchUpstream(t *testing.T) {
	for _, c := range carriedCopies(t) {
		t.Run(path.Base(path.Dir(c.file))+"/"+path.Base(c.file), func(t *testing.T) {
			version, dir := moduleDir(t, c.module)
			if c.version != version {
				t.Errorf("copied from %s@%s, go.mod requires %s: diff %s of both versions and carry the change over", c.module, c.version, version, c.upstream)
			}
			up, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c.upstream)))
			if err != nil {
				t.Fatalf("upstream file: %v", err)
			}
			if sum := sha256.Sum256(up); hex.EncodeToString(sum[:]) != c.sha256 {
				t.Errorf("%s@%s %s changed since it was copied (sha256 %x, header says %s): carry its change over", c.module, version, c.upstream, sum, c.sha256)
			}
			mine, theirs := defines(t, c.file, c.text), defines(t, c.upstream, string(up))
			if c.full {
				if !slices.Equal(mine, theirs) {
					t.Errorf("defines %q, upstream %q", mine, theirs)
				}
				return
			}
			for _, n := range mine {
				if !slices.Contains(theirs, n) {
					t.Errorf("defines %q, which upstream does not (it would be generated as a new file, not replace a block): upstream defines %q", n, theirs)
				}
			}
		})
	}
}

// TestEntgqlTemplateList fails when entgql's template list changes: the
// extension gets entgql.AllTemplates and entgql.WhereTemplate, in that
// order, with the carried copies in place of some of them, so each of its
// templates must define what entgql's does.
func TestEntgqlTemplateList(t *testing.T) {
	ts, err := loadTemplates(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	upstream := append(slices.Clone(entgql.AllTemplates), entgql.WhereTemplate)
	if len(ts.entgql) != len(upstream) {
		t.Fatalf("%d entgql templates, entgql has %d (AllTemplates and WhereTemplate)", len(ts.entgql), len(upstream))
	}
	names := func(t *gen.Template) []string {
		var ns []string
		for _, tt := range t.Templates() {
			if !parse.IsEmptyTree(tt.Root) {
				ns = append(ns, tt.Name())
			}
		}
		slices.Sort(ns)
		return ns
	}
	for i, u := range upstream {
		if got, want := names(ts.entgql[i]), names(u); !slices.Equal(got, want) {
			t.Errorf("template %d (%s) defines %q, entgql's %s defines %q", i, ts.entgql[i].Name(), got, u.Name(), want)
		}
	}
}

// TestEntOverridesReplaceBlocks checks that every block template/ent
// defines replaces one of ent's (rather than adding a generated file)
// and that the kembang templates do not redefine any of ent's.
func TestEntOverridesReplaceBlocks(t *testing.T) {
	_, dir := moduleDir(t, "entgo.io/ent")
	builtin := make(map[string]bool)
	root := filepath.Join(dir, "entc", "gen", "template")
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".tmpl") {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, n := range defines(t, p, string(b)) {
			builtin[n] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ts, err := loadTemplates(DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	overrides, additions := ts.ent[0], ts.ent[1]
	for _, tt := range overrides.Templates() {
		if !parse.IsEmptyTree(tt.Root) && !builtin[tt.Name()] {
			t.Errorf("template/ent defines %q, which is none of ent's templates", tt.Name())
		}
	}
	for _, tt := range additions.Templates() {
		if builtin[tt.Name()] {
			t.Errorf("template/kembang redefines ent's %q: an override belongs in template/ent, copied with a header", tt.Name())
		}
	}
	if len(builtin) == 0 {
		t.Fatalf("no templates found under %s", root)
	}
}
