package report

import (
	"context"
	"slices"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/gid"
	"kembang/ent/learningclaim"
	"kembang/ent/predicate"
	"kembang/internal/domain/jp"
	"kembang/internal/fault"
)

// hoursBounds are the lower bounds of the buckets of the hours
// distribution ([HoursBounds]); each bucket runs up to the next bound
// (exclusive), the last one without end:
//
//	[0, 0.1)   no JP at all (JP are credited on a 0.1 grid)
//	[0.1, 10)  some development, far from the PNS target
//	[10, 20)   halfway or more, still below the PNS target
//	[20, 40)   PNS target met (a PPPK, target 24, may still be below)
//	[40, ∞)    twice the PNS target or more
//
// An employee's hours are compared with the tolerance of jp.Meets, so a
// sum of 19.999999999999996 JP falls in [20, 40).
var hoursBounds = []float64{0, 0.1, 10, 20, 40}

// HoursBounds returns the lower bounds of the buckets of
// Compliance.Buckets: 0, 0.1, 10, 20 and 40 JP.
func HoursBounds() []float64 { return slices.Clone(hoursBounds) }

// Bucket is one range of the hours distribution.
type Bucket struct {
	From      float64  // inclusive
	To        *float64 // exclusive; nil for the last bucket
	Employees int
}

// Compliance is the compliance of an agency, or of a unit of it, with
// the annual JP target in a year.
type Compliance struct {
	Year     int
	AgencyID int
	UnitID   *int
	// Employees counts the active employees of the agency (of the unit
	// and the units nested under it, when a unit is given).
	Employees int
	// BelowTarget counts those whose JP in the year miss the target of
	// their employment type.
	BelowTarget int
	// BelowTargetShare is BelowTarget / Employees, 0 without employees.
	BelowTargetShare float64
	// AverageHours is the mean JP per employee, 0 without employees.
	AverageHours float64
	// Buckets is the hours distribution, one bucket per bound of
	// HoursBounds, in order, empty buckets included.
	Buckets []Bucket
}

// ComplianceOf computes the compliance of agencyID (or of unitID and its
// nested units, when not nil) in year, with targets, in one statement.
// The unit must belong to the agency.
func ComplianceOf(ctx context.Context, client *ent.Client, agencyID int, unitID *int, year int, targets jp.Targets) (*Compliance, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	if err := checkScope(ctx, client, agencyID, unitID); err != nil {
		return nil, wrap("compliance", err)
	}
	var groups []struct {
		Bucket    int     `sql:"bucket"`
		Employees int     `sql:"employees"`
		Below     int     `sql:"below"`
		Hours     float64 `sql:"hours"`
	}
	scope := InAgency(agencyID, unitID)
	err := client.Employee.Query().
		Where(scope).
		Modify(func(s *sql.Selector) {
			hours := joinLedger(s, year, scope)
			below := sql.ExprFunc(func(b *sql.Builder) {
				b.WriteString("SUM(CASE WHEN ").Join(hours).WriteString(" < ").
					Join(limitExpr(s.C(employee.FieldEmploymentType), targets)).
					WriteString(" THEN 1 ELSE 0 END)")
			})
			s.Select().
				AppendSelectExprAs(bucketExpr(hours), "bucket").
				AppendSelectExprAs(sql.Raw("COUNT(*)"), "employees").
				AppendSelectExprAs(below, "below").
				AppendSelectExprAs(sql.ExprFunc(func(b *sql.Builder) {
					b.WriteString("SUM(").Join(hours).WriteString(")")
				}), "hours").
				GroupBy("bucket").
				OrderBy("bucket")
		}).
		Scan(ctx, &groups)
	if err != nil {
		return nil, wrap("compliance", err)
	}
	c := &Compliance{Year: year, AgencyID: agencyID, UnitID: unitID, Buckets: make([]Bucket, len(hoursBounds))}
	for i, from := range hoursBounds {
		c.Buckets[i].From = from
		if i+1 < len(hoursBounds) {
			to := hoursBounds[i+1]
			c.Buckets[i].To = &to
		}
	}
	var total float64
	for _, g := range groups {
		c.Employees += g.Employees
		c.BelowTarget += g.Below
		total += g.Hours
		if g.Bucket >= 0 && g.Bucket < len(c.Buckets) {
			c.Buckets[g.Bucket].Employees = g.Employees
		}
	}
	if c.Employees > 0 {
		c.BelowTargetShare = float64(c.BelowTarget) / float64(c.Employees)
		c.AverageHours = total / float64(c.Employees)
	}
	return c, nil
}

// BelowTargetQuery returns the query of the employees counted in
// Compliance.BelowTarget, for paging (EmployeeQuery.Paginate) or
// counting.
func BelowTargetQuery(client *ent.Client, agencyID int, unitID *int, year int, targets jp.Targets) *ent.EmployeeQuery {
	return client.Employee.Query().Where(InAgency(agencyID, unitID), BelowTarget(year, targets))
}

// checkScope checks that the agency exists and that the unit, if any,
// belongs to it.
func checkScope(ctx context.Context, client *ent.Client, agencyID int, unitID *int) error {
	if err := checkAgency(ctx, client, agencyID); err != nil {
		return err
	}
	if unitID == nil {
		return nil
	}
	u, err := client.Unit.Get(ctx, *unitID)
	switch {
	case ent.IsNotFound(err):
		return gid.NotFound(*unitID, "Unit")
	case err != nil:
		return err
	case u.AgencyID != agencyID:
		return fault.Inputf("unitId", "unit %s does not belong to agency %s", encode(*unitID), encode(agencyID))
	}
	return nil
}

// checkAgency checks that the agency exists.
func checkAgency(ctx context.Context, client *ent.Client, agencyID int) error {
	ok, err := client.Agency.Query().Where(agency.ID(agencyID)).Exist(ctx)
	if err != nil {
		return err
	}
	if !ok {
		return gid.NotFound(agencyID, "Agency")
	}
	return nil
}

// joinLedger left-joins to the employees of s their ledger sums for year
// (enrollments and claims grouped by employee) and returns the
// expression of an employee's hours: the ledger rule of [HoursExpr],
// computed for all employees in two grouped index scans instead of two
// subqueries per employee. scope selects the employees of s; the sums
// are restricted to them ([InSubquery]) so that a report reads the
// ledger rows of its agency only, not those of the whole country.
func joinLedger(s *sql.Selector, year int, scope predicate.Employee) sql.Querier {
	b := sql.Dialect(s.Dialect())
	ids := func() *sql.Selector {
		e := b.Table(employee.Table).As("ledger_scope")
		sel := b.Select(e.C(employee.FieldID)).From(e)
		scope(sel)
		return sel
	}
	enrollments, claims := ledgerSums(s.Dialect(), year)
	enrollments.Where(InSubquery(enrollments.Table().C(enrollment.FieldEmployeeID), ids())).
		AppendSelectAs(enrollments.Table().C(enrollment.FieldEmployeeID), "employee_id").
		GroupBy(enrollments.Table().C(enrollment.FieldEmployeeID)).
		As("ledger_enrollment_sums")
	claims.Where(InSubquery(claims.Table().C(learningclaim.FieldEmployeeID), ids())).
		AppendSelectAs(claims.Table().C(learningclaim.FieldEmployeeID), "employee_id").
		GroupBy(claims.Table().C(learningclaim.FieldEmployeeID)).
		As("ledger_claim_sums")
	s.LeftJoin(enrollments).On(s.C(employee.FieldID), enrollments.C("employee_id"))
	s.LeftJoin(claims).On(s.C(employee.FieldID), claims.C("employee_id"))
	e, c := enrollments.C("jp"), claims.C("jp")
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("(COALESCE(").Ident(e).WriteString(", 0) + COALESCE(").Ident(c).WriteString(", 0))")
	})
}

// bucketExpr returns the SQL expression of the index in hoursBounds of
// the bucket of hours.
func bucketExpr(hours sql.Querier) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("CASE")
		for i, bound := range hoursBounds[1:] {
			b.WriteString(" WHEN ").Join(hours).WriteString(" < ").Arg(bound - tolerance).
				WriteString(" THEN ").WriteString(itoa(i))
		}
		b.WriteString(" ELSE ").WriteString(itoa(len(hoursBounds) - 1)).WriteString(" END")
	})
}
