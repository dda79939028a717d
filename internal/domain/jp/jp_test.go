package jp

import (
	"errors"
	"math"
	"testing"
	"time"
)

// at returns a time in WIB.
func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, WIB)
}

func TestClassify(t *testing.T) {
	tests := []struct {
		form string
		want Kind
	}{
		{"SEMINAR", Seminar},
		{"seminar", Seminar},
		{" Sarasehan ", Seminar},
		{"CONFERENCE", Seminar},
		{"KONFERENSI", Seminar},
		{"WORKSHOP", Workshop},
		{"lokakarya", Workshop},
		{"TECHNICAL_TRAINING", Structured},
		{"LEADERSHIP_TRAINING", Structured},
		{"E_LEARNING", Structured},
		{"", Structured},
		{"SEMINARS", Structured},
	}
	for _, tt := range tests {
		if got := Classify(tt.form); got != tt.want {
			t.Errorf("Classify(%q) = %v, want %v", tt.form, got, tt.want)
		}
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{Structured: "STRUCTURED", Seminar: "SEMINAR", Workshop: "WORKSHOP", Kind(9): "Kind(9)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

func TestDays(t *testing.T) {
	tests := []struct {
		name       string
		start, end time.Time
		zone       *time.Location
		want       int
		wantErr    error
	}{
		{"same day", at(2026, 3, 2, 8, 0), at(2026, 3, 2, 16, 0), nil, 1, nil},
		{"instant", at(2026, 3, 2, 8, 0), at(2026, 3, 2, 8, 0), nil, 1, nil},
		{"three days", at(2026, 3, 2, 8, 0), at(2026, 3, 4, 16, 0), nil, 3, nil},
		{"overnight counts both dates", at(2026, 3, 2, 20, 0), at(2026, 3, 3, 2, 0), nil, 2, nil},
		{"end at midnight counts that day", at(2026, 3, 2, 8, 0), at(2026, 3, 3, 0, 0), nil, 2, nil},
		{"across months", at(2026, 2, 27, 8, 0), at(2026, 3, 2, 16, 0), nil, 4, nil},
		{"leap day", at(2028, 2, 28, 8, 0), at(2028, 3, 1, 16, 0), nil, 3, nil},
		{"across years", at(2025, 12, 31, 8, 0), at(2026, 1, 1, 16, 0), nil, 2, nil},
		// 06:00 WIB on 2 March is 23:00 UTC on 1 March: counted in WIB
		// the session is one day, in UTC it would be two.
		{
			"zone decides the dates",
			time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			nil, 1, nil,
		},
		{
			"explicit UTC",
			time.Date(2026, 3, 1, 23, 0, 0, 0, time.UTC), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC),
			time.UTC, 2, nil,
		},
		{
			"WIT",
			at(2026, 3, 2, 22, 0), at(2026, 3, 2, 23, 30), // 00:00 and 01:30 on 3 March WIT
			WIT, 1, nil,
		},
		{"ends before start", at(2026, 3, 4, 8, 0), at(2026, 3, 2, 8, 0), nil, 0, ErrDates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Days(tt.start, tt.end, tt.zone)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Days() error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Days() = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestCredit(t *testing.T) {
	mon, wed := at(2026, 3, 2, 8, 0), at(2026, 3, 4, 16, 0)
	tests := []struct {
		name    string
		p       Program
		want    float64
		wantErr error
	}{
		{"seminar national one day", Program{Form: "SEMINAR", StartsAt: mon, EndsAt: mon.Add(8 * time.Hour)}, 4, nil},
		{"seminar national three days", Program{Form: "SEMINAR", StartsAt: mon, EndsAt: wed}, 12, nil},
		{"seminar international three days", Program{Form: "SEMINAR", International: true, StartsAt: mon, EndsAt: wed}, 18, nil},
		{"seminar ignores program JP", Program{Form: "SEMINAR", JP: 40, StartsAt: mon, EndsAt: wed}, 12, nil},
		{"sarasehan is a seminar", Program{Form: "sarasehan", StartsAt: mon, EndsAt: mon}, 4, nil},
		{"conference is a seminar", Program{Form: "CONFERENCE", International: true, StartsAt: mon, EndsAt: mon}, 6, nil},
		{"workshop national one day", Program{Form: "WORKSHOP", StartsAt: mon, EndsAt: mon}, 5, nil},
		{"workshop national three days", Program{Form: "WORKSHOP", StartsAt: mon, EndsAt: wed}, 15, nil},
		{"workshop international three days", Program{Form: "WORKSHOP", International: true, StartsAt: mon, EndsAt: wed}, 21, nil},
		{"lokakarya is a workshop", Program{Form: "LOKAKARYA", StartsAt: mon, EndsAt: wed}, 15, nil},
		{
			"workshop days in the given zone",
			Program{Form: "WORKSHOP", StartsAt: at(2026, 3, 2, 22, 0), EndsAt: at(2026, 3, 2, 23, 0), Zone: WIT},
			5, nil,
		},
		{"training national", Program{Form: "TECHNICAL_TRAINING", JP: 40, StartsAt: mon, EndsAt: wed}, 40, nil},
		{"training international +20%", Program{Form: "TECHNICAL_TRAINING", JP: 40, International: true}, 48, nil},
		{"training international rounds to one decimal", Program{Form: "COURSE", JP: 33, International: true}, 39.6, nil},
		{"training international 17 JP", Program{Form: "BIMTEK", JP: 17, International: true}, 20.4, nil},
		{"half JP", Program{Form: "E_LEARNING", JP: 0.5}, 0.5, nil},
		{"half JP international", Program{Form: "E_LEARNING", JP: 0.5, International: true}, 0.6, nil},
		{"training needs no dates", Program{Form: "MENTORING", JP: 10}, 10, nil},
		{"training ignores bad dates", Program{Form: "MENTORING", JP: 10, StartsAt: wed, EndsAt: mon}, 10, nil},
		{"training zero JP", Program{Form: "COURSE", JP: 0}, 0, ErrJP},
		{"training negative JP", Program{Form: "COURSE", JP: -3}, 0, ErrJP},
		{"training NaN JP", Program{Form: "COURSE", JP: math.NaN()}, 0, ErrJP},
		{"training infinite JP", Program{Form: "COURSE", JP: math.Inf(1)}, 0, ErrJP},
		{"training overflowing JP", Program{Form: "COURSE", JP: math.MaxFloat64, International: true}, 0, ErrJP},
		{"seminar without dates", Program{Form: "SEMINAR"}, 0, ErrDates},
		{"seminar without end", Program{Form: "SEMINAR", StartsAt: mon}, 0, ErrDates},
		{"seminar ends before start", Program{Form: "SEMINAR", StartsAt: wed, EndsAt: mon}, 0, ErrDates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Credit(tt.p)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("Credit() error = %v, want %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("Credit() = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestConversionCustom(t *testing.T) {
	c := Conversion{Seminar: DayRate{National: 3, International: 5}, Workshop: DayRate{National: 6, International: 8}, InternationalBonus: 0.5}
	mon := at(2026, 3, 2, 8, 0)
	tests := []struct {
		p    Program
		want float64
	}{
		{Program{Form: "SEMINAR", StartsAt: mon, EndsAt: mon.AddDate(0, 0, 1)}, 6},
		{Program{Form: "WORKSHOP", International: true, StartsAt: mon, EndsAt: mon}, 8},
		{Program{Form: "COURSE", JP: 10, International: true}, 15},
	}
	for _, tt := range tests {
		got, err := c.Credit(tt.p)
		if err != nil || got != tt.want {
			t.Errorf("Credit(%+v) = %v, %v; want %v, nil", tt.p, got, err, tt.want)
		}
	}
	if got, err := (Conversion{}).Credit(Program{Form: "SEMINAR", StartsAt: mon, EndsAt: mon}); err != nil || got != 0 {
		t.Errorf("zero Conversion credited %v, %v; want 0, nil", got, err)
	}
}

func TestRound(t *testing.T) {
	tests := []struct{ in, want float64 }{
		{39.6, 39.6},
		{39.600000000000001, 39.6},
		{6.6 + 6.7 + 6.7, 20},
		{20.04, 20},
		{20.05, 20.1},
		{0.05, 0.1},
		{0.04, 0},
		{-0.05, -0.1},
		{0, 0},
	}
	for _, tt := range tests {
		if got := Round(tt.in); got != tt.want {
			t.Errorf("Round(%v) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

func TestMinutes(t *testing.T) {
	tests := []struct {
		minutes int
		jp      float64
	}{
		{0, 0},
		{45, 1},
		{90, 2},
		{900, 20},
		{30, 0.7},
		{100, 2.2},
	}
	for _, tt := range tests {
		if got := FromMinutes(tt.minutes); got != tt.jp {
			t.Errorf("FromMinutes(%d) = %v, want %v", tt.minutes, got, tt.jp)
		}
	}
	for jp, want := range map[float64]int{0: 0, 1: 45, 2: 90, 20: 900, 0.5: 23, 0.1: 5, 2.2: 99} {
		if got := Minutes(jp); got != want {
			t.Errorf("Minutes(%v) = %d, want %d", jp, got, want)
		}
	}
}

func TestDay(t *testing.T) {
	utc := time.Date(2026, 5, 7, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		a, b time.Time
		same bool
	}{
		{"midnight UTC and midnight WIB", utc, time.Date(2026, 5, 7, 0, 0, 0, 0, WIB), true},
		{"late evening WIB", utc, time.Date(2026, 5, 7, 23, 59, 0, 0, WIB), true},
		{"17:00 UTC is the next day in WIB", utc, time.Date(2026, 5, 7, 17, 0, 0, 0, time.UTC), false},
		{"another zone, same instant", time.Date(2026, 5, 7, 18, 0, 0, 0, WIT), time.Date(2026, 5, 7, 16, 0, 0, 0, WIB), true},
	}
	for _, tt := range tests {
		if got := Day(tt.a) == Day(tt.b); got != tt.same {
			t.Errorf("%s: Day(%v) = %d, Day(%v) = %d", tt.name, tt.a, Day(tt.a), tt.b, Day(tt.b))
		}
	}
	if d := Day(time.Date(1970, 1, 1, 0, 0, 0, 0, WIB)); d != 0 {
		t.Errorf("Day(1970-01-01 WIB) = %d, want 0", d)
	}
}
