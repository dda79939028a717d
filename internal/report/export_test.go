package report

import (
	"context"
	"io"

	"kembang/ent"
)

// WriteSIASNCSVBatch is WriteSIASNCSV reading n records per statement.
func WriteSIASNCSVBatch(ctx context.Context, w io.Writer, client *ent.Client, agencyID, year, n int) error {
	return writeSIASN(ctx, w, client, agencyID, year, nil, n)
}

// WithoutReasonIndicators returns a copy of t without the indicators its
// reasons name, to compare with a report made before they were kept.
func WithoutReasonIndicators(t *Training) *Training {
	if t == nil {
		return nil
	}
	c := *t
	c.reasonIndicators = nil
	return &c
}
