// Command belowtarget lists the employees of an agency whose development
// hours (JP) in a year are below the annual target, through Kembang's
// GraphQL API and a client that genqlient generates from the committed
// schema (generated.go, from operations.graphql).
//
// Usage:
//
//	KEMBANG_TOKEN=<bearer token> go run ./belowtarget --agency KMN --year 2026
//
// The token needs a role that may read the agency's compliance report:
// ADMIN, ANALYST, or HR_OFFICER or APPROVER of that agency. With the
// embedded demo, `go run ./server token --role ADMIN` in the repository
// root mints one.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"text/tabwriter"
	"time"

	"github.com/Khan/genqlient/graphql"
)

// errUnknownAgency is returned when no agency the viewer may read has the
// code asked for.
var errUnknownAgency = errors.New("no such agency")

// options are the command-line settings.
type options struct {
	endpoint string
	token    string
	agency   string
	unitID   string
	year     int
	pageSize int
}

func main() {
	var o options
	flag.StringVar(&o.endpoint, "endpoint", envOr("KEMBANG_ENDPOINT", "http://127.0.0.1:8080/graphql"), "GraphQL endpoint (env KEMBANG_ENDPOINT)")
	flag.StringVar(&o.token, "token", os.Getenv("KEMBANG_TOKEN"), "bearer token (env KEMBANG_TOKEN)")
	flag.StringVar(&o.agency, "agency", "KMN", "agency code")
	flag.StringVar(&o.unitID, "unit", "", "ID of one of the agency's units; empty: the whole agency")
	flag.IntVar(&o.year, "year", time.Now().Year(), "calendar year")
	flag.IntVar(&o.pageSize, "page-size", 100, "employees fetched per request")
	flag.Parse()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := run(ctx, o, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "belowtarget:", err)
		os.Exit(1)
	}
}

// run looks the agency up by its code, then pages through its compliance
// report's employees below target and writes them as a table.
func run(ctx context.Context, o options, w io.Writer) error {
	httpClient := &http.Client{Transport: bearer{token: o.token, next: http.DefaultTransport}}
	client := graphql.NewClient(o.endpoint, httpClient)

	agencies, err := AgencyByCode(ctx, client, o.agency)
	if err != nil {
		return fmt.Errorf("agency %s: %w", o.agency, err)
	}
	if len(agencies.Agencies.Edges) == 0 {
		return fmt.Errorf("agency %s: %w", o.agency, errUnknownAgency)
	}
	agency := agencies.Agencies.Edges[0].Node

	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	after := ""
	for page := 0; ; page++ {
		resp, err := BelowTarget(ctx, client, agency.Id, o.unitID, o.year, o.pageSize, after)
		if err != nil {
			return fmt.Errorf("compliance report: %w", err)
		}
		report := resp.ComplianceReport
		if page == 0 {
			fmt.Fprintf(w, "%s, %d: %d of %d active employees below the JP target (%.1f %%)\n\n",
				agency.Name, o.year, report.BelowTarget, report.Employees, 100*report.BelowTargetShare)
			fmt.Fprintln(tw, "NIP\tNAME\tTYPE\tUNIT\tJP")
		}
		for _, edge := range report.EmployeesBelowTarget.Edges {
			e := edge.Node
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%.1f\n", e.Nip, e.FullName, e.EmploymentType, e.Unit.Name, e.DevelopmentHours)
		}
		info := report.EmployeesBelowTarget.PageInfo
		if !info.HasNextPage {
			break
		}
		after = info.EndCursor
	}
	return tw.Flush()
}

// bearer adds the Authorization header to every request.
type bearer struct {
	token string
	next  http.RoundTripper
}

// RoundTrip implements http.RoundTripper.
func (b bearer) RoundTrip(r *http.Request) (*http.Response, error) {
	if b.token == "" {
		return b.next.RoundTrip(r)
	}
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return b.next.RoundTrip(r)
}

// envOr returns the environment variable key, or def when it is empty.
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}
