package nip

import (
	"errors"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		want    PNS
		wantErr error
	}{
		{
			in: "198609262015051001",
			want: PNS{
				BirthDate: time.Date(1986, 9, 26, 0, 0, 0, 0, time.UTC),
				Appointed: time.Date(2015, 5, 1, 0, 0, 0, 0, time.UTC),
				Sex:       Male,
				Sequence:  1,
			},
		},
		{
			in: "199202292019032042",
			want: PNS{
				BirthDate: time.Date(1992, 2, 29, 0, 0, 0, 0, time.UTC),
				Appointed: time.Date(2019, 3, 1, 0, 0, 0, 0, time.UTC),
				Sex:       Female,
				Sequence:  42,
			},
		},
		{in: "19860926201505100", wantErr: ErrFormat},
		{in: "1986092620150510011", wantErr: ErrFormat},
		{in: "19860926201505100a", wantErr: ErrFormat},
		{in: "١٩٨٦٠٩٢٦٢٠١٥٠٥١٠", wantErr: ErrFormat},
		{in: "198613262015051001", wantErr: ErrBirthDate},
		{in: "199302292019032001", wantErr: ErrBirthDate},
		{in: "189901012015051001", wantErr: ErrBirthDate},
		{in: "198609262015131001", wantErr: ErrAppointment},
		{in: "198609262015001001", wantErr: ErrAppointment},
		{in: "198609261990051001", wantErr: ErrAppointment},
		{in: "198609262015053001", wantErr: ErrSex},
		{in: "198609262015051000", wantErr: ErrSequence},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if tt.wantErr != nil {
			if !errors.Is(err, tt.wantErr) {
				t.Errorf("Parse(%q) error = %v, want %v", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q) error = %v", tt.in, err)
			continue
		}
		if got != tt.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
		if s := Format(got); s != tt.in {
			t.Errorf("Format(Parse(%q)) = %q", tt.in, s)
		}
	}
}

func FuzzParse(f *testing.F) {
	f.Add("198609262015051001")
	f.Add("199202292019032042")
	f.Add("000000000000000000")
	f.Fuzz(func(t *testing.T, s string) {
		p, err := Parse(s)
		if err != nil {
			return
		}
		if got := Format(p); got != s {
			t.Fatalf("Format(Parse(%q)) = %q", s, got)
		}
	})
}
