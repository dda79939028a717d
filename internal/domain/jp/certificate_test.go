package jp

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCertificateNumber(t *testing.T) {
	tests := []struct {
		prefix  string
		year    int
		seq     int
		want    string
		wantErr bool
	}{
		{"KMB", 2026, 123, "KMB/2026/000123", false},
		{"KMB", 2026, 1, "KMB/2026/000001", false},
		{"KMB", 2026, 999999, "KMB/2026/999999", false},
		{"KMB", 2026, 1000000, "KMB/2026/1000000", false},
		{"KMB", 2026, MaxSequence, "KMB/2026/999999999", false},
		{"KMB-JTG", 1999, 42, "KMB-JTG/1999/000042", false},
		{"B2", 1900, 7, "B2/1900/000007", false},
		{"ABCDEFGHIJKLMNOP", 9999, 7, "ABCDEFGHIJKLMNOP/9999/000007", false},
		{"", 2026, 1, "", true},
		{"kmb", 2026, 1, "", true},
		{"2KMB", 2026, 1, "", true},
		{"KMB-", 2026, 1, "", true},
		{"KM/B", 2026, 1, "", true},
		{"KMB JTG", 2026, 1, "", true},
		{"ABCDEFGHIJKLMNOPQ", 2026, 1, "", true},
		{"KMB", 1899, 1, "", true},
		{"KMB", 10000, 1, "", true},
		{"KMB", 2026, 0, "", true},
		{"KMB", 2026, -1, "", true},
		{"KMB", 2026, MaxSequence + 1, "", true},
	}
	for _, tt := range tests {
		got, err := CertificateNumber(tt.prefix, tt.year, tt.seq)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("CertificateNumber(%q, %d, %d) = %q, %v; want %q, error %v", tt.prefix, tt.year, tt.seq, got, err, tt.want, tt.wantErr)
		}
		if err != nil && !errors.Is(err, ErrCertificateNumber) {
			t.Errorf("CertificateNumber(%q, %d, %d) error %v does not wrap ErrCertificateNumber", tt.prefix, tt.year, tt.seq, err)
		}
	}
}

func TestParseCertificateNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    Certificate
		wantErr string // substring of the error; empty for success
	}{
		{"KMB/2026/000123", Certificate{"KMB", 2026, 123}, ""},
		{"KMB/2026/1000000", Certificate{"KMB", 2026, 1000000}, ""},
		{"KMB-JTG/2025/000001", Certificate{"KMB-JTG", 2025, 1}, ""},
		{"KMB/2026/999999999", Certificate{"KMB", 2026, MaxSequence}, ""},
		{"", Certificate{}, "no slash after the prefix"},
		{"KMB", Certificate{}, "no slash after the prefix"},
		{"KMB/2026", Certificate{}, "no slash after the year"},
		{"KMB/2026/000123/", Certificate{}, "sequence must be"},
		{"KMB/2026/000123/1", Certificate{}, "sequence must be"},
		{"/2026/000123", Certificate{}, "prefix must be 1 to"},
		{"kmb/2026/000123", Certificate{}, "start with a letter"},
		{"KMb/2026/000123", Certificate{}, "only letters"},
		{"KMB-/2026/000123", Certificate{}, "end with a hyphen"},
		{"KMB/26/000123", Certificate{}, "year must be 4 digits"},
		{"KMB/02026/000123", Certificate{}, "year must be 4 digits"},
		{"KMB/20x6/000123", Certificate{}, "year must be 4 digits"},
		{"KMB/+026/000123", Certificate{}, "year must be 4 digits"},
		{"KMB/1899/000123", Certificate{}, "year 1899"},
		{"KMB/2026/123", Certificate{}, "sequence must be"},
		{"KMB/2026/0000123", Certificate{}, "extra leading zeros"},
		{"KMB/2026/000000", Certificate{}, "sequence 0"},
		{"KMB/2026/+00123", Certificate{}, "sequence must be"},
		{"KMB/2026/-00123", Certificate{}, "sequence must be"},
		{"KMB/2026/1000000000", Certificate{}, "sequence must be"},
		{" KMB/2026/000123", Certificate{}, "start with a letter"},
		{"KMB/2026/000123 ", Certificate{}, "sequence must be"},
		{"KMB/2026/00012３", Certificate{}, "sequence must be"},
	}
	for _, tt := range tests {
		got, err := ParseCertificateNumber(tt.in)
		if tt.wantErr == "" {
			if err != nil || got != tt.want {
				t.Errorf("ParseCertificateNumber(%q) = %+v, %v; want %+v", tt.in, got, err, tt.want)
			}
			continue
		}
		if err == nil || !errors.Is(err, ErrCertificateNumber) || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseCertificateNumber(%q) = %+v, %v; want error containing %q", tt.in, got, err, tt.wantErr)
		}
		if got != (Certificate{}) {
			t.Errorf("ParseCertificateNumber(%q) returned %+v with an error", tt.in, got)
		}
	}
}

func FuzzParseCertificateNumber(f *testing.F) {
	for _, s := range []string{
		"KMB/2026/000123", "KMB/2026/1000000", "KMB-JTG/1900/999999999", "KMB/2026/0000123",
		"", "/", "//", "KMB/2026/", "A/0000/000000", "Z9-9/9999/000001",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseCertificateNumber(s)
		if err != nil {
			if !errors.Is(err, ErrCertificateNumber) {
				t.Fatalf("ParseCertificateNumber(%q) error %v does not wrap ErrCertificateNumber", s, err)
			}
			return
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("ParseCertificateNumber(%q) = %+v, which does not validate: %v", s, c, err)
		}
		if got := c.String(); got != s {
			t.Fatalf("ParseCertificateNumber(%q) = %+v, whose String is %q", s, c, got)
		}
		n, err := CertificateNumber(c.Prefix, c.Year, c.Seq)
		if err != nil || n != s {
			t.Fatalf("CertificateNumber(%+v) = %q, %v; want %q", c, n, err, s)
		}
	})
}

func FuzzCredit(f *testing.F) {
	f.Add("SEMINAR", true, 10.0, int64(1772413200), int64(1772600400), uint8(2))
	f.Add("WORKSHOP", false, 0.0, int64(0), int64(86400*3), uint8(0))
	f.Add("COURSE", true, 33.0, int64(5), int64(1), uint8(4))
	zones := []*time.Location{nil, time.UTC, WIB, WITA, WIT}
	rates := map[Kind]map[bool]float64{Seminar: {false: 4, true: 6}, Workshop: {false: 5, true: 7}}
	f.Fuzz(func(t *testing.T, form string, intl bool, progJP float64, start, end int64, zone uint8) {
		p := Program{
			Form: form, International: intl, JP: progJP,
			StartsAt: unix(start), EndsAt: unix(end), Zone: zones[int(zone)%len(zones)],
		}
		got, err := Credit(p)
		if err != nil {
			if !errors.Is(err, ErrDates) && !errors.Is(err, ErrJP) {
				t.Fatalf("Credit(%+v) error %v is neither ErrDates nor ErrJP", p, err)
			}
			return
		}
		if !(got >= 0) || got != Round(got) {
			t.Fatalf("Credit(%+v) = %v, want a non-negative figure on the 0.1 grid", p, got)
		}
		k := Classify(form)
		if k == Structured {
			if got < Round(progJP) {
				t.Fatalf("Credit(%+v) = %v, less than the program's JP", p, got)
			}
			return
		}
		days, err := Days(p.StartsAt, p.EndsAt, p.Zone)
		if err != nil || days < 1 {
			t.Fatalf("Days(%v, %v) = %d, %v after Credit succeeded", p.StartsAt, p.EndsAt, days, err)
		}
		if want := rates[k][intl] * float64(days); got != want {
			t.Fatalf("Credit(%+v) = %v, want %v for %d days", p, got, want, days)
		}
	})
}

// unix returns the UTC time s seconds after the epoch, clamped to years
// 1 to 9999 so that Date stays meaningful.
func unix(s int64) time.Time {
	const lo, hi = -62135596800, 253402300799
	if s < lo {
		s = lo
	}
	if s > hi {
		s = hi
	}
	return time.Unix(s, 0).UTC()
}
