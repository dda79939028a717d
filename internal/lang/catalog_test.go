package lang

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// scanRoots are the directories, from the module root, whose non-test Go
// files hold the messages clients read.
var scanRoots = []string{"graph", "internal", "ent/gid", "ent/schema"}

// scanSkip are directories and files under scanRoots with no client
// messages: demo data, migrations, generated code, this package.
var scanSkip = []string{"internal/store/seed", "internal/store/migrations", "internal/lang", "graph/generated.go", "graph/model", "internal/archtest", "internal/store/storetest", "internal/report/reporttest"}

// formatArg names the calls whose argument at the index is a message
// format (or a finished message) a client reads.
var formatArg = map[string]int{
	"fault.Inputf":       1,
	"fault.Conflictf":    0,
	"fault.NotFoundf":    0,
	"fault.Textf":        0,
	"fault.Newf":         2,
	"phrase.Errorf":      0,
	"errorAt":            2, // internal/limits
	"limitError":         1, // internal/limits
	"forbidden":          1, // internal/access
	"access.Forbidden":   1,
	"writeError":         4, // internal/httpapi
	"gqlerror.Errorf":    0,
	"gqlerror.ErrorPosf": 1,
	"lang.Text":          1,
	"lang.Sprintf":       1,
}

// messageFields are the fields of composite literals that hold a message
// a client reads.
var messageFields = map[string]bool{"fault.Error.Msg": true, "Error.Msg": true, "fault.Error.Format": true, "Error.Format": true, "gqlerror.Error.Message": true}

// internalSentinels are errors.New texts of package-level variables that
// never reach a client as they are (logged, or masked as INTERNAL).
var internalSentinels = map[string]bool{
	"no viewer in context":                  true, // a refusal's cause; the client reads "not permitted"
	"telemetry: unsupported trace exporter": true, // start-up
	"viewer has no subject":                 true, // token minting and claims, logged
	"role needs an agency":                  true,
	"role needs an employee":                true,
	"role needs a partner":                  true,
	"unknown role":                          true,
	"malformed API key":                     true, // wrapped by auth.ErrAPIKey, whose text the client reads
	"API key does not match":                true,
	"invalid GraphQL document":              true, // the register command
}

// entValidatorMessages are the messages of ent's built-in field
// validators (entgo.io/ent/schema/field), which reach clients as the
// message of a BAD_USER_INPUT on the field.
var entValidatorMessages = []string{
	"value does not match validation",
	"value is less than the required length",
	"value is less than the required rune length",
	"value is greater than the required length",
	"value is greater than the required rune length",
	"value out of range",
}

// nounArg names the calls of internal/access whose first argument is a
// kind of record that refusals name (a phrase.Noun).
var nounArg = map[string]bool{"adminOnly": true, "byAgency": true, "writeRule": true}

// fmtErrorf collects the fmt.Errorf calls of internal/domain, which
// TestCatalogCoversSource refuses.
var fmtErrorf []string

// sourceMessage is a message format found in the source.
type sourceMessage struct {
	text string
	pos  string
	noun bool // a kind of record (the nouns table), not a format
}

// sourceMessages returns the message formats of the module's non-test
// code under scanRoots, and the positions of calls whose format is not a
// literal (which the catalog cannot cover).
func sourceMessages(t *testing.T) (msgs []sourceMessage, nonLiteral []string) {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, dir := range scanRoots {
		err := filepath.WalkDir(filepath.Join(root, dir), func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, path)
			if slices.Contains(scanSkip, filepath.ToSlash(rel)) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(fset, path, src, 0)
			if err != nil {
				return err
			}
			if ast.IsGenerated(f) {
				return nil
			}
			m, n := fileMessages(fset, f, filepath.ToSlash(rel), packageConsts(f))
			msgs = append(msgs, m...)
			nonLiteral = append(nonLiteral, n...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return msgs, nonLiteral
}

// packageConsts returns the string constants declared in f.
func packageConsts(f *ast.File) map[string]string {
	out := map[string]string{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, s := range g.Specs {
			vs := s.(*ast.ValueSpec)
			for i, n := range vs.Names {
				if i < len(vs.Values) {
					if s, ok := literal(vs.Values[i], nil); ok {
						out[n.Name] = s
					}
				}
			}
		}
	}
	return out
}

// literal returns the value of a string literal, a concatenation of
// them or a constant of consts.
func literal(e ast.Expr, consts map[string]string) (string, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(e.Value)
		return s, err == nil
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return "", false
		}
		a, ok1 := literal(e.X, consts)
		b, ok2 := literal(e.Y, consts)
		return a + b, ok1 && ok2
	case *ast.Ident:
		s, ok := consts[e.Name]
		return s, ok
	case *ast.ParenExpr:
		return literal(e.X, consts)
	}
	return "", false
}

// callName returns "pkg.Func" or "Func" for a call's function (type
// arguments left out).
func callName(e ast.Expr) string {
	switch f := e.(type) {
	case *ast.IndexExpr:
		return callName(f.X)
	case *ast.IndexListExpr:
		return callName(f.X)
	case *ast.Ident:
		return f.Name
	case *ast.SelectorExpr:
		if x, ok := f.X.(*ast.Ident); ok {
			return x.Name + "." + f.Sel.Name
		}
	}
	return ""
}

// typeName returns the name of a composite literal's type.
func typeName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return callName(e)
	case *ast.StarExpr:
		return typeName(e.X)
	}
	return ""
}

// fileMessages returns the messages of one file.
func fileMessages(fset *token.FileSet, f *ast.File, rel string, consts map[string]string) (msgs []sourceMessage, nonLiteral []string) {
	noun := func(e ast.Expr) {
		if s, ok := literal(e, consts); ok {
			msgs = append(msgs, sourceMessage{s, rel + ":" + strconv.Itoa(fset.Position(e.Pos()).Line), true})
		}
	}
	add := func(e ast.Expr) {
		pos := fset.Position(e.Pos())
		at := rel + ":" + strconv.Itoa(pos.Line)
		if s, ok := literal(e, consts); ok {
			msgs = append(msgs, sourceMessage{s, at, false})
			return
		}
		nonLiteral = append(nonLiteral, at)
	}
	// Package-level sentinels: var ErrX = errors.New("…").
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.VAR {
			continue
		}
		for _, s := range g.Specs {
			for _, v := range s.(*ast.ValueSpec).Values {
				c, ok := v.(*ast.CallExpr)
				if ok && callName(c.Fun) == "errors.New" && len(c.Args) == 1 {
					if s, ok := literal(c.Args[0], consts); ok && !internalSentinels[s] {
						msgs = append(msgs, sourceMessage{s, rel + ":" + strconv.Itoa(fset.Position(c.Pos()).Line), false})
					}
				}
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.CallExpr:
			if i, ok := formatArg[callName(n.Fun)]; ok && i < len(n.Args) {
				add(n.Args[i])
			}
			if callName(n.Fun) == "fmt.Errorf" && strings.HasPrefix(rel, "internal/domain/") && !strings.HasPrefix(rel, "internal/domain/phrase/") {
				// Domain errors reach clients: they must keep their
				// template (phrase.Errorf) to be translated.
				fmtErrorf = append(fmtErrorf, rel+":"+strconv.Itoa(fset.Position(n.Pos()).Line))
			}
			if nounArg[callName(n.Fun)] && len(n.Args) > 0 && strings.HasPrefix(rel, "internal/access/") {
				noun(n.Args[0])
			}
		case *ast.CompositeLit:
			if m, ok := n.Type.(*ast.MapType); ok && typeName(m.Value) == "readPolicy" {
				for _, el := range n.Elts { // "Agency": {"agencies", …}
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if c, ok := kv.Value.(*ast.CompositeLit); ok && len(c.Elts) > 0 {
							noun(c.Elts[0])
						}
					}
				}
			}
			typ := typeName(n.Type)
			if typ == "Error" && strings.HasPrefix(rel, "internal/auth/") && len(n.Elts) == 2 {
				add(n.Elts[1]) // &Error{reason, msg}
				return true
			}
			for _, el := range n.Elts {
				kv, ok := el.(*ast.KeyValueExpr)
				if !ok {
					continue
				}
				if k, ok := kv.Key.(*ast.Ident); ok && messageFields[typ+"."+k.Name] {
					if c, ok := kv.Value.(*ast.CallExpr); ok && callName(c.Fun) == "fmt.Sprintf" {
						add(c.Args[0]) // Msg: fmt.Sprintf("…", …) (to be made a Format)
						continue
					}
					add(kv.Value)
				}
			}
		}
		return true
	})
	return msgs, nonLiteral
}

// TestCatalogCoversSource checks that every message format a client can
// read has an Indonesian translation: a message added without one fails
// here until its line is added to id.go.
func TestCatalogCoversSource(t *testing.T) {
	msgs, nonLiteral := sourceMessages(t)
	if len(msgs) < 100 {
		t.Fatalf("found only %d messages: is the scan broken?", len(msgs))
	}
	for _, m := range entValidatorMessages {
		msgs = append(msgs, sourceMessage{m, "entgo.io/ent/schema/field", false})
	}
	for _, m := range graphqlFormats {
		msgs = append(msgs, sourceMessage{m, "graphqlFormats", false})
	}
	msgs = append(msgs, sourceMessage{graphqlSuggestion, "graphqlSuggestion", false})
	var missing []string
	for _, m := range msgs {
		if m.noun {
			if _, ok := nouns[m.text]; !ok {
				missing = append(missing, m.pos+": noun "+strconv.Quote(m.text))
			}
			continue
		}
		if _, ok := indonesian[m.text]; !ok {
			missing = append(missing, m.pos+": "+strconv.Quote(m.text))
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("%d messages have no Indonesian translation in internal/lang/id.go:\n%s", len(missing), strings.Join(missing, "\n"))
	}
	for _, at := range fmtErrorf {
		t.Errorf("%s: fmt.Errorf in a domain package: use phrase.Errorf, whose message the API translates", at)
	}
	for _, at := range nonLiteral {
		t.Logf("%s: message format is not a literal; its parts must be in the catalog", at)
	}
}
