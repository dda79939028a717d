package model

import "kembang/ent"

// ComplianceReport is compliance with the annual JP right of an agency,
// or of one of its units, in a year. The employees below target are a
// connection resolved on demand, paged by its own arguments.
type ComplianceReport struct {
	Year              int            `json:"year"`
	Agency            *ent.Agency    `json:"agency"`
	Unit              *ent.Unit      `json:"unit,omitempty"`
	Employees         int            `json:"employees"`
	BelowTarget       int            `json:"belowTarget"`
	BelowTargetShare  float64        `json:"belowTargetShare"`
	AverageHours      float64        `json:"averageHours"`
	HoursDistribution []*HoursBucket `json:"hoursDistribution"`

	AgencyID int  `json:"-"` // agency reported on
	UnitID   *int `json:"-"` // unit reported on, if any
}
