package plan

// MinYear and MaxYear bound the budget year of a plan (the field
// DevelopmentPlan.year) and the year of a training-needs ranking. They
// are narrower than the ledger years of JP (jp.MinLedgerYear to
// jp.MaxLedgerYear), which also date history imported from before the
// platform.
const (
	MinYear = 2000
	MaxYear = 2100
)
