package report

import (
	"context"

	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/ent/enrollment"
	"kembang/ent/learningclaim"
	"kembang/ent/predicate"
	"kembang/ent/unit"
	"kembang/internal/domain/jp"
)

// The JP ledger rule, defined once here for every report and for
// Employee.developmentHours and Employee.meetsAnnualTarget:
//
// The JP an employee earned in a year (a ledger year, [YearRange]) are
// the jp_credited of their COMPLETED enrollments whose completed_at falls
// in the year ([CompletedIn]), plus the jp of their APPROVED learning
// claims whose ends_on falls in the year ([ApprovedIn]). The employee
// meets the annual target when those JP reach the target of their
// employment type (jp.Targets, compared as jp.Meets does; [BelowTarget]).

// CompletedIn selects the enrollments that count in year's ledger:
// COMPLETED, with completed_at in the year.
func CompletedIn(year int) predicate.Enrollment {
	from, to := YearRange(year)
	return enrollment.And(
		enrollment.StatusEQ(enrollment.StatusCOMPLETED),
		enrollment.CompletedAtGTE(from),
		enrollment.CompletedAtLT(to),
	)
}

// ApprovedIn selects the learning claims that count in year's ledger:
// APPROVED, with ends_on in the year.
func ApprovedIn(year int) predicate.LearningClaim {
	from, to := YearRange(year)
	return learningclaim.And(
		learningclaim.StatusEQ(learningclaim.StatusAPPROVED),
		learningclaim.EndsOnGTE(from),
		learningclaim.EndsOnLT(to),
	)
}

// Aliases of the ledger's tables inside hours expressions; they keep
// the subqueries apart from the tables of the outer query.
const (
	ledgerEnrollments = "ledger_enrollments"
	ledgerClaims      = "ledger_claims"
)

// ledgerSums returns the two sources of the ledger for year, each
// selecting SUM(JP) AS jp from its table (aliased), restricted to the
// rows that count: enrollments by [CompletedIn], claims by [ApprovedIn].
// The caller correlates or groups them by employee_id.
func ledgerSums(d string, year int) (enrollments, claims *sql.Selector) {
	b := sql.Dialect(d)
	e := b.Table(enrollment.Table).As(ledgerEnrollments)
	enrollments = b.Select(sql.As(sql.Sum(e.C(enrollment.FieldJpCredited)), "jp")).From(e)
	CompletedIn(year)(enrollments)
	c := b.Table(learningclaim.Table).As(ledgerClaims)
	claims = b.Select(sql.As(sql.Sum(c.C(learningclaim.FieldJp)), "jp")).From(c)
	ApprovedIn(year)(claims)
	return enrollments, claims
}

// HoursExpr returns the SQL expression of the JP the employee whose id
// is in the column employeeID (qualified, e.g. s.C(employee.FieldID))
// earned in year, by the ledger rule: a correlated scalar subquery over
// enrollments plus one over learning_claims, each 0 when empty. It can be
// selected (Selector.AppendSelectExprAs) or compared in a predicate.
func HoursExpr(employeeID string, year int) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		enrollments, claims := ledgerSums(b.Dialect(), year)
		enrollments.Where(sql.ColumnsEQ(enrollments.Table().C(enrollment.FieldEmployeeID), employeeID))
		claims.Where(sql.ColumnsEQ(claims.Table().C(learningclaim.FieldEmployeeID), employeeID))
		b.WriteString("(COALESCE((").Join(enrollments).WriteString("), 0) + COALESCE((").Join(claims).WriteString("), 0))")
	})
}

// limitExpr returns the SQL expression of the hours below which an
// employee misses the target: the target of the employee's employment
// type (column employmentType) less the tolerance, or NULL (never below)
// for a target of zero or less and for unknown types.
func limitExpr(employmentType string, targets jp.Targets) sql.Querier {
	return sql.ExprFunc(func(b *sql.Builder) {
		b.WriteString("CASE ").Ident(employmentType)
		for _, t := range []struct {
			typ    string
			target float64
		}{{jp.PNS, targets.PNS}, {jp.PPPK, targets.PPPK}} {
			b.WriteString(" WHEN ").Arg(t.typ).WriteString(" THEN ")
			if t.target <= 0 {
				b.WriteString("NULL")
				continue
			}
			b.WriteString("CAST(").Arg(t.target - tolerance).WriteString(" AS DOUBLE PRECISION)")
		}
		b.WriteString(" ELSE NULL END")
	})
}

// BelowTarget selects the employees whose JP in year, by the ledger
// rule, miss the target of their employment type.
func BelowTarget(year int, targets jp.Targets) predicate.Employee {
	return func(s *sql.Selector) {
		s.Where(sql.P(func(b *sql.Builder) {
			b.Join(HoursExpr(s.C(employee.FieldID), year)).
				WriteString(" < ").
				Join(limitExpr(s.C(employee.FieldEmploymentType), targets))
		}))
	}
}

// Hours returns the JP employee earned in year by the ledger rule, in
// one statement. An unknown employee has 0 JP.
func Hours(ctx context.Context, client *ent.Client, employeeID, year int) (float64, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return 0, err
	}
	var rows []struct {
		Hours float64 `sql:"hours"`
	}
	err := client.Employee.Query().
		Where(employee.ID(employeeID)).
		Modify(func(s *sql.Selector) {
			s.Select().AppendSelectExprAs(HoursExpr(s.C(employee.FieldID), year), "hours")
		}).
		Scan(ctx, &rows)
	if err != nil {
		return 0, wrap("hours", err)
	}
	if len(rows) == 0 {
		return 0, nil
	}
	return rows[0].Hours, nil
}

// HoursOf returns the JP each of the employees earned in year by the
// ledger rule, in one statement: a batch for list pages. Employees that
// do not exist are missing from the map.
func HoursOf(ctx context.Context, client *ent.Client, employeeIDs []int, year int) (map[int]float64, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	out := make(map[int]float64, len(employeeIDs))
	if len(employeeIDs) == 0 {
		return out, nil
	}
	var rows []struct {
		ID    int     `sql:"id"`
		Hours float64 `sql:"hours"`
	}
	err := client.Employee.Query().
		Where(employee.IDIn(employeeIDs...)).
		Modify(func(s *sql.Selector) {
			s.Select(s.C(employee.FieldID)).AppendSelectExprAs(HoursExpr(s.C(employee.FieldID), year), "hours")
		}).
		Scan(ctx, &rows)
	if err != nil {
		return nil, wrap("hours", err)
	}
	for _, r := range rows {
		out[r.ID] = r.Hours
	}
	return out, nil
}

// InAgency selects the active employees of an agency, and when unitID is
// not nil only those of that unit or of a unit nested under it (at any
// depth).
func InAgency(agencyID int, unitID *int) predicate.Employee {
	ps := []predicate.Employee{employee.AgencyID(agencyID), employee.Active(true)}
	if unitID != nil {
		ps = append(ps, inUnitTree(*unitID))
	}
	return employee.And(ps...)
}

// inUnitTree selects the employees of a unit and of the units nested
// under it, with a recursive common table expression (UNION, not UNION
// ALL, so that a cycle in the unit tree cannot loop).
func inUnitTree(unitID int) predicate.Employee {
	return func(s *sql.Selector) {
		b := sql.Dialect(s.Dialect())
		root := b.Table(unit.Table).As("tree_root")
		child := b.Table(unit.Table).As("tree_child")
		parent := b.Table("unit_tree").As("tree_parent")
		seed := b.Select(root.C(unit.FieldID)).From(root).Where(sql.EQ(root.C(unit.FieldID), unitID))
		step := b.Select(child.C(unit.FieldID)).From(child).
			Join(parent).On(child.C(unit.FieldParentID), parent.C(unit.FieldID))
		seed.Union(step)
		all := b.Table("unit_tree").As("tree_all")
		units := b.Select(all.C(unit.FieldID)).From(all).
			Prefix(sql.WithRecursive("unit_tree", unit.FieldID).As(seed))
		s.Where(sql.In(s.C(employee.FieldUnitID), units))
	}
}
