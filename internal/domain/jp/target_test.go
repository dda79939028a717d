package jp

import (
	"errors"
	"math"
	"testing"
)

func TestTarget(t *testing.T) {
	tests := []struct {
		typ     string
		cfg     Targets
		want    float64
		wantErr error
	}{
		{"PNS", DefaultTargets(), 20, nil},
		{"PPPK", DefaultTargets(), 24, nil},
		{"PNS", Targets{PNS: 30, PPPK: 0}, 30, nil},
		{"PPPK", Targets{PNS: 30, PPPK: 0}, 0, nil},
		{"pns", DefaultTargets(), 0, ErrEmploymentType},
		{"", DefaultTargets(), 0, ErrEmploymentType},
		{"HONORER", DefaultTargets(), 0, ErrEmploymentType},
	}
	for _, tt := range tests {
		got, err := Target(tt.typ, tt.cfg)
		if !errors.Is(err, tt.wantErr) || got != tt.want {
			t.Errorf("Target(%q, %+v) = %v, %v; want %v, %v", tt.typ, tt.cfg, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestMeetsAndShortfall(t *testing.T) {
	tests := []struct {
		hours, target float64
		meets         bool
		shortfall     float64
	}{
		{20, 20, true, 0},
		{25.5, 20, true, 0},
		{6.6 + 6.7 + 6.7, 20, true, 0},
		{0.1 + 0.2, 0.3, true, 0},
		{19.9, 20, false, 0.1},
		{19.96, 20, false, 0.1},
		{12, 20, false, 8},
		{0, 20, false, 20},
		{0, 0, true, 0},
		{0, -1, true, 0},
		{23.9, 24, false, 0.1},
		{math.NaN(), 20, false, 20},
		{math.NaN(), 0, true, 0},
		{math.Inf(1), 20, true, 0},
	}
	for _, tt := range tests {
		if got := Meets(tt.hours, tt.target); got != tt.meets {
			t.Errorf("Meets(%v, %v) = %v, want %v", tt.hours, tt.target, got, tt.meets)
		}
		if got := Shortfall(tt.hours, tt.target); got != tt.shortfall {
			t.Errorf("Shortfall(%v, %v) = %v, want %v", tt.hours, tt.target, got, tt.shortfall)
		}
	}
}
