package main

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRun pages through a canned compliance report and checks the token,
// the variables sent and the table written.
func TestRun(t *testing.T) {
	pages := []string{
		`{"data":{"complianceReport":{"employees":3,"belowTarget":2,"belowTargetShare":0.6667,
		  "employeesBelowTarget":{"pageInfo":{"hasNextPage":true,"endCursor":"c1"},
		  "edges":[{"node":{"nip":"199202292019032002","fullName":"Siti Rahmawati","employmentType":"PNS","unit":{"name":"Bagian Umum"},"developmentHours":4}}]}}}}`,
		`{"data":{"complianceReport":{"employees":3,"belowTarget":2,"belowTargetShare":0.6667,
		  "employeesBelowTarget":{"pageInfo":{"hasNextPage":false,"endCursor":"c2"},
		  "edges":[{"node":{"nip":"198001012010011001","fullName":"Budi Santoso","employmentType":"PNS","unit":null,"developmentHours":12.5}}]}}}}`,
	}
	var afters []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "Bearer tok" {
			t.Errorf("Authorization %q", got)
		}
		var req struct {
			OperationName string         `json:"operationName"`
			Variables     map[string]any `json:"variables"`
		}
		if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
			t.Fatal(err)
		}
		w.Header().Set("Content-Type", "application/json")
		switch req.OperationName {
		case "AgencyByCode":
			if req.Variables["code"] != "KMN" {
				t.Errorf("code %v", req.Variables["code"])
			}
			w.Write([]byte(`{"data":{"agencies":{"edges":[{"node":{"id":"YWdlbmNpZXM6MQ","code":"KMN","name":"Pemerintah Kabupaten Kemuning"}}]}}}`))
		case "BelowTarget":
			if _, ok := req.Variables["unitId"]; ok {
				t.Errorf("unitId sent: %v", req.Variables)
			}
			after, _ := req.Variables["after"].(string)
			afters = append(afters, after)
			w.Write([]byte(pages[len(afters)-1]))
		default:
			t.Errorf("operation %q", req.OperationName)
		}
	}))
	defer srv.Close()

	var out strings.Builder
	o := options{endpoint: srv.URL, token: "tok", agency: "KMN", year: 2026, pageSize: 1}
	if err := run(context.Background(), o, &out); err != nil {
		t.Fatal(err)
	}
	if strings.Join(afters, ",") != ",c1" {
		t.Errorf("after cursors %q, want \"\" then c1", afters)
	}
	for _, want := range []string{"Pemerintah Kabupaten Kemuning, 2026: 2 of 3", "Siti Rahmawati", "Bagian Umum", "Budi Santoso", "12.5"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}
