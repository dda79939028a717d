package apikey

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestNew(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		p, h, err := New()
		if err != nil {
			t.Fatal(err)
		}
		if len(p) != 64 || Len != 64 {
			t.Fatalf("key %q has length %d (Len %d), want 64", p, len(p), Len)
		}
		if !strings.HasPrefix(p, "kmb_"+h.ID+"_") {
			t.Fatalf("key %q does not start with kmb_%s_", p, h.ID)
		}
		if sum := sha256.Sum256([]byte(p)); string(h.Sum) != string(sum[:]) {
			t.Fatalf("Hash.Sum is not the SHA-256 of the key")
		}
		if strings.Contains(fmt.Sprint(h), p[len(Prefix)+17:]) {
			t.Fatalf("Hash %v contains the secret", h)
		}
		if err := Verify(p, h); err != nil {
			t.Fatalf("Verify(New()) = %v", err)
		}
		if seen[p] || seen[h.ID] {
			t.Fatalf("New returned a repeated key or ID")
		}
		seen[p], seen[h.ID] = true, true
	}
}

func TestParse(t *testing.T) {
	good := "kmb_0123456789abcdef_" + strings.Repeat("A", 42) + "E"
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"good", good, true},
		{"underscore and dash in secret", "kmb_0123456789abcdef_" + strings.Repeat("_-", 21) + "A", true},
		{"empty", "", false},
		{"prefix only", "kmb_", false},
		{"jwt", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln", false},
		{"wrong prefix", "kmx_0123456789abcdef_" + strings.Repeat("A", 43), false},
		{"upper-case prefix", "KMB_0123456789abcdef_" + strings.Repeat("A", 43), false},
		{"upper-case id", "kmb_0123456789ABCDEF_" + strings.Repeat("A", 43), false},
		{"non-hex id", "kmb_0123456789abcdeg_" + strings.Repeat("A", 43), false},
		{"short id", "kmb_0123456789abcde__" + strings.Repeat("A", 43), false},
		{"missing separator", "kmb_0123456789abcdefA" + strings.Repeat("A", 43), false},
		{"short secret", "kmb_0123456789abcdef_" + strings.Repeat("A", 42), false},
		{"long secret", "kmb_0123456789abcdef_" + strings.Repeat("A", 44), false},
		{"padded secret", "kmb_0123456789abcdef_" + strings.Repeat("A", 42) + "=", false},
		{"std base64", "kmb_0123456789abcdef_" + strings.Repeat("A", 42) + "+", false},
		{"stray bits", "kmb_0123456789abcdef_" + strings.Repeat("A", 42) + "B", false},
		{"space", " kmb_0123456789abcdef_" + strings.Repeat("A", 42), false},
		{"non-ascii", "kmb_0123456789abcdef_" + strings.Repeat("A", 40) + "é", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := Parse(tt.in)
			if tt.ok {
				if err != nil {
					t.Fatalf("Parse(%q) = %v", tt.in, err)
				}
				if k.ID != tt.in[4:20] {
					t.Errorf("ID = %q, want %q", k.ID, tt.in[4:20])
				}
				if got, want := k.String(), "kmb_"+k.ID+"_…"; got != want {
					t.Errorf("String() = %q, want %q", got, want)
				}
				return
			}
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Parse(%q) = %v, want ErrFormat", tt.in, err)
			}
			if k != (Key{}) {
				t.Errorf("Parse failed but returned %+v", k)
			}
		})
	}
}

func TestVerify(t *testing.T) {
	p, h, err := New()
	if err != nil {
		t.Fatal(err)
	}
	other, oh, err := New()
	if err != nil {
		t.Fatal(err)
	}
	flip := func(s string, i int) string {
		b := []byte(s)
		if b[i] == 'A' {
			b[i] = 'B'
		} else {
			b[i] = 'A'
		}
		return string(b)
	}
	tamperedID := p[:10] + "0" + p[11:]
	if p[10] == '0' {
		tamperedID = p[:10] + "1" + p[11:]
	}
	tests := []struct {
		name string
		in   string
		h    Hash
		want error
	}{
		{"good", p, h, nil},
		{"other key", other, h, ErrMismatch},
		{"other hash", p, oh, ErrMismatch},
		{"tampered secret", flip(p, 30), h, ErrMismatch},
		{"tampered ID", tamperedID, h, ErrMismatch},
		{"other ID, same secret", p[:4] + oh.ID + p[20:], h, ErrMismatch},
		{"stored ID differs", p, Hash{ID: oh.ID, Sum: h.Sum}, ErrMismatch},
		{"empty hash", p, Hash{}, ErrMismatch},
		{"truncated sum", p, Hash{ID: h.ID, Sum: h.Sum[:31]}, ErrMismatch},
		{"malformed", p[:63], h, ErrFormat},
		{"empty", "", h, ErrFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Verify(tt.in, tt.h)
			if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	p, _, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{p, "", "kmb_", "kmb_0123456789abcdef_", p[:63] + "=", strings.ToUpper(p), "eyJ.eyJ.sig"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrFormat) {
				t.Fatalf("Parse(%q) = %v, not ErrFormat", s, err)
			}
			return
		}
		if len(s) != Len || !strings.HasPrefix(s, Prefix+k.ID+"_") || !validID(k.ID) {
			t.Fatalf("Parse(%q) accepted a key of the wrong form: %+v", s, k)
		}
		if err := Verify(s, k.Hash()); err != nil {
			t.Fatalf("Verify(%q, its own hash) = %v", s, err)
		}
	})
}
