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
