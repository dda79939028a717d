package graph_test

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"sync"
	"testing"

	"github.com/99designs/gqlgen/graphql"

	"kembang/graph"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// fieldRecorder is a field middleware that records the fields it sees as
// "Object.field".
type fieldRecorder struct {
	mu   sync.Mutex
	seen map[string]bool
}

func (r *fieldRecorder) intercept(ctx context.Context, next graphql.Resolver) (any, error) {
	fc := graphql.GetFieldContext(ctx)
	r.mu.Lock()
	r.seen[fc.Object+"."+fc.Field.Name] = true
	r.mu.Unlock()
	return next(ctx)
}

// interceptor is fieldRecorder as a handler extension, the way
// OpenTelemetry's gqlgen integration installs its tracer.
type interceptor struct{ *fieldRecorder }

func (interceptor) ExtensionName() string                   { return "FieldRecorder" }
func (interceptor) Validate(graphql.ExecutableSchema) error { return nil }
func (i interceptor) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	return i.intercept(ctx, next)
}

// TestFieldMiddlewareSeesEveryField installs a field middleware on the
// handler, as a function (AroundFields) and as an extension (Use), and
// checks that it sees every field of a query, the leaf fields the
// executor otherwise writes straight off the model included (ids, names,
// enums, booleans, times, nullable pointers, cursors), and the object
// fields it otherwise marshals without ResolveField (edges, nodes, page
// info, loaded to-one and to-many edges: graph/direct.go), with the same
// response as without it.
func TestFieldMiddlewareSeesEveryField(t *testing.T) {
	const query = `{
		employees(first: 3, orderBy: [{field: FULL_NAME}]) {
			totalCount
			edges {
				cursor
				node { id fullName nip employmentType golongan active email birthDate createdAt agency { name } position { id title requirements { requiredLevel } } }
			}
			pageInfo { hasNextPage endCursor }
		}
	}`
	want := []string{
		"Query.employees",
		"EmployeeConnection.totalCount", "EmployeeConnection.edges", "EmployeeConnection.pageInfo",
		"EmployeeEdge.cursor", "EmployeeEdge.node",
		"Employee.id", "Employee.fullName", "Employee.nip", "Employee.employmentType", "Employee.golongan",
		"Employee.active", "Employee.email", "Employee.birthDate", "Employee.createdAt", "Employee.agency", "Employee.position",
		"Agency.name", "Position.id", "Position.title", "Position.requirements", "PositionCompetency.requiredLevel",
		"PageInfo.hasNextPage", "PageInfo.endCursor",
	}
	for _, install := range []struct {
		name string
		add  func(*graph.Server, *fieldRecorder)
	}{
		{"AroundFields", func(s *graph.Server, r *fieldRecorder) { s.AroundFields(r.intercept) }},
		{"Use", func(s *graph.Server, r *fieldRecorder) { s.Use(interceptor{r}) }},
	} {
		t.Run(install.name, func(t *testing.T) {
			db := storetest.Open(t, "sqlite")
			opts := graph.Options{Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), Classify: store.Classify}
			plain := &api{t: t, h: defaultViewer(graph.NewServer(db.Client, opts)), db: db}
			seedDemo(t, plain, 20)
			srv := graph.NewServer(db.Client, opts)
			rec := &fieldRecorder{seen: map[string]bool{}}
			install.add(srv, rec)
			traced := &api{t: t, h: defaultViewer(srv), db: db}

			got := traced.do(query, nil)
			if len(got.Errors) > 0 {
				t.Fatalf("errors: %+v", got.Errors)
			}
			if base := plain.do(query, nil); string(base.Data) != string(got.Data) {
				t.Errorf("response with the middleware:\n%s\nwithout:\n%s", got.Data, base.Data)
			}
			for _, f := range want {
				if !rec.seen[f] {
					t.Errorf("the middleware did not see %s", f)
				}
			}
			if len(rec.seen) != len(want) {
				seen := make([]string, 0, len(rec.seen))
				for f := range rec.seen {
					seen = append(seen, f)
				}
				slices.Sort(seen)
				t.Errorf("the middleware saw %v, want %v", seen, want)
			}
		})
	}
}
