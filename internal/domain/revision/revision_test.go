package revision

import (
	"errors"
	"testing"
)

func TestCheckMergeTarget(t *testing.T) {
	other, self := 7, 3
	tests := []struct {
		d      Decision
		target *int
		want   error
	}{
		{Continue, nil, nil},
		{Revise, nil, nil},
		{Discontinue, nil, nil},
		{Merge, &other, nil},
		{Merge, nil, ErrNoTarget},
		{Revise, &other, ErrTargetNeedless},
		{Merge, &self, ErrSelfTarget},
	}
	for _, tt := range tests {
		if err := CheckMergeTarget(tt.d, self, tt.target); !errors.Is(err, tt.want) {
			t.Errorf("CheckMergeTarget(%s, %v) = %v, want %v", tt.d, tt.target, err, tt.want)
		}
	}
}
