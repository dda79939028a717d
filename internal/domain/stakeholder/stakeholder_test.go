package stakeholder

import (
	"errors"
	"testing"
)

func TestCheckGroups(t *testing.T) {
	tests := []struct {
		name string
		in   []Group
		want error
	}{
		{"none", nil, nil},
		{"all", Groups(), nil},
		{"unknown", []Group{Employees, "ALIENS"}, ErrUnknownGroup},
		{"repeated", []Group{Academics, Public, Academics}, ErrRepeatedGroup},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckGroups(tt.in); !errors.Is(err, tt.want) {
				t.Errorf("CheckGroups(%v) = %v, want %v", tt.in, err, tt.want)
			}
		})
	}
}

func TestUnmarshalGQL(t *testing.T) {
	tests := []struct {
		in   any
		want Group
		ok   bool
	}{
		{"ACADEMICS", Academics, true},
		{"academics", "", false},
		{42, "", false},
	}
	for _, tt := range tests {
		var g Group
		err := g.UnmarshalGQL(tt.in)
		if (err == nil) != tt.ok || g != tt.want {
			t.Errorf("UnmarshalGQL(%v) = %q, %v", tt.in, g, err)
		}
	}
}
