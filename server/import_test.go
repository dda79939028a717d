package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kembang/internal/access"
	"kembang/internal/store"
	"kembang/internal/store/storetest"
)

// kembang import employees FILE loads a file as ADMIN, all or nothing,
// and a rerun changes nothing; --partial (before or after the file)
// loads the valid rows; both dialects.
func TestRunImport(t *testing.T) {
	for _, d := range storetest.Dialects(t) {
		t.Run(d, func(t *testing.T) {
			cfg := storetest.Config(t, d)
			getenv := env(storeEnv(cfg))
			ctx := context.Background()
			var out bytes.Buffer
			if err := run(ctx, []string{"migrate"}, getenv, &out); err != nil {
				t.Fatal(err)
			}
			db, err := store.Open(ctx, cfg)
			if err != nil {
				t.Fatal(err)
			}
			sys := access.System(ctx)
			db.Client.Agency.Create().SetCode("KMN").SetName("Pemerintah Kabupaten Kemuning").SetRegion("Kemuning").SaveX(sys)
			db.Close()

			dir := t.TempDir()
			good := filepath.Join(dir, "pegawai.csv")
			bad := filepath.Join(dir, "salah.csv")
			os.WriteFile(good, []byte("nip,full_name,employment_type,agency_code\n198609262015051001,Dewi Lestari,PNS,KMN\n199202292019032002,Ahmad Fauzi,PNS,KMN\n"), 0o600)
			os.WriteFile(bad, []byte("NIP,Full Name,Employment Type\n199005052014022005,Citra Ayu,PNS\n1990,Salah,PNS\n"), 0o600)

			out.Reset()
			if err := run(ctx, []string{"import", "employees", good}, getenv, &out); err != nil {
				t.Fatalf("import: %v", err)
			}
			if !strings.Contains(out.String(), "employees: 2 rows: 2 created, 0 updated, 0 unchanged, 0 refused") {
				t.Errorf("output %q", out.String())
			}
			out.Reset()
			if err := run(ctx, []string{"import", "employees", good}, getenv, &out); err != nil || !strings.Contains(out.String(), "0 created, 0 updated, 2 unchanged") {
				t.Errorf("rerun: err %v, output %q", err, out.String())
			}
			out.Reset()
			err = run(ctx, []string{"import", "--agency", "KMN", "employees", bad}, getenv, &out)
			if err == nil || !strings.Contains(err.Error(), "nothing imported: 1 of 2 rows refused") ||
				!strings.Contains(out.String(), "line 3, column nip: ") {
				t.Errorf("bad file: err %v, output %q", err, out.String())
			}
			out.Reset()
			err = run(ctx, []string{"import", "employees", bad, "--partial", "--agency=KMN"}, getenv, &out)
			if err == nil || !strings.Contains(err.Error(), "1 of 2 rows refused, the others loaded") || !strings.Contains(out.String(), "1 created") {
				t.Errorf("--partial: err %v, output %q", err, out.String())
			}
			for _, args := range [][]string{{"import"}, {"import", "employees"}, {"import", "pegawai", good}} {
				if err := run(ctx, args, getenv, &out); !errors.Is(err, errUsage) {
					t.Errorf("%q: err = %v, want a usage error", args, err)
				}
			}
		})
	}
}
