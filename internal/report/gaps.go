package report

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"entgo.io/ent/dialect"
	"entgo.io/ent/dialect/sql"

	"kembang/ent"
	"kembang/ent/agency"
	"kembang/ent/assessment"
	"kembang/ent/employee"
	"kembang/ent/gid"
	"kembang/ent/positioncompetency"
	"kembang/ent/predicate"
	"kembang/ent/trainingneed"
	"kembang/ent/unit"
	"kembang/internal/domain/gap"
)

// GapCount is the gap count of one required competency over a scope of
// employees ([GapCounts]).
type GapCount struct {
	CompetencyID int `json:"competency_id"`
	// Employees counts the employees in scope whose position requires
	// the competency; Below those whose latest rating is under the
	// required level (never rated counts as level 0); NotAssessed those
	// never rated on it.
	Employees   int `json:"employees"`
	Below       int `json:"below"`
	NotAssessed int `json:"not_assessed"`
	// TotalGap sums the levels missing to the standard.
	TotalGap int `json:"total_gap"`
}

// GapCounts counts, in one SQL statement, the competency gaps of the
// active employees of agencyID holding a position (of unitID and the
// units nested under it, when not nil), per competency their positions
// require. Each employee's position standard is joined with the
// employee's latest rating on the competency, chosen by a window function
// with the rules of gap.Latest (latest WIB date, then most trusted
// source, then latest instant, then lowest level):
//
//	SELECT pc.competency_id, COUNT(*), SUM(below), SUM(not assessed), SUM(gap)
//	FROM employees
//	JOIN position_competencies pc ON pc.position_id = employees.position_id
//	LEFT JOIN (SELECT employee_id, competency_id, level,
//	                  ROW_NUMBER() OVER (PARTITION BY employee_id, competency_id ORDER BY …) AS rn
//	           FROM assessments a WHERE a.employee_id IN (employees in scope)) la
//	       ON la.employee_id = employees.id AND la.competency_id = pc.competency_id AND la.rn = 1
//	WHERE <scope>
//	GROUP BY pc.competency_id
func GapCounts(ctx context.Context, client *ent.Client, agencyID int, unitID *int) ([]GapCount, error) {
	ctx = aggregate(ctx)
	scope, err := gapScope(ctx, client, agencyID, unitID)
	if err != nil {
		return nil, err
	}
	var counts []GapCount
	err = client.Employee.Query().
		Where(scope...).
		Modify(func(s *sql.Selector) {
			b := sql.Dialect(s.Dialect())
			inScope := b.Select(employee.FieldID).From(b.Table(employee.Table))
			for _, p := range scope {
				p(inScope)
			}
			a := b.Table(assessment.Table).As("a")
			order := strings.Join([]string{
				wibDate(s.Dialect(), a.C(assessment.FieldAssessedOn)) + " DESC",
				trustRank(a.C(assessment.FieldSource)) + " DESC",
				a.C(assessment.FieldAssessedOn) + " DESC",
				a.C(assessment.FieldLevel),
			}, ", ")
			latest := b.Select(a.C(assessment.FieldEmployeeID), a.C(assessment.FieldCompetencyID), a.C(assessment.FieldLevel)).
				AppendSelectExprAs(sql.RowNumber().
					PartitionBy(a.C(assessment.FieldEmployeeID), a.C(assessment.FieldCompetencyID)).
					OrderExpr(sql.Raw(order)), "rn").
				From(a).
				Where(InSubquery(a.C(assessment.FieldEmployeeID), inScope)).
				As("la")
			// The standards of the positions held in the scope only.
			positions := b.Select(employee.FieldPositionID).From(b.Table(employee.Table))
			for _, p := range scope {
				p(positions)
			}
			pc := b.Table(positioncompetency.Table).As("pc")
			s.Join(pc).
				OnP(sql.And(
					sql.ColumnsEQ(pc.C(positioncompetency.FieldPositionID), s.C(employee.FieldPositionID)),
					InSubquery(pc.C(positioncompetency.FieldPositionID), positions),
				)).
				LeftJoin(latest).
				OnP(sql.And(
					sql.ColumnsEQ(latest.C(assessment.FieldEmployeeID), s.C(employee.FieldID)),
					sql.ColumnsEQ(latest.C(assessment.FieldCompetencyID), pc.C(positioncompetency.FieldCompetencyID)),
					sql.EQ(latest.C("rn"), 1),
				))
			level := "COALESCE(" + latest.C(assessment.FieldLevel) + ", 0)"
			required := pc.C(positioncompetency.FieldRequiredLevel)
			below := level + " < " + required
			s.Select(
				sql.As(pc.C(positioncompetency.FieldCompetencyID), "competency_id"),
				sql.As(sql.Count("*"), "employees"),
				sql.As("SUM(CASE WHEN "+below+" THEN 1 ELSE 0 END)", "below"),
				sql.As("SUM(CASE WHEN "+latest.C(assessment.FieldLevel)+" IS NULL THEN 1 ELSE 0 END)", "not_assessed"),
				sql.As("SUM(CASE WHEN "+below+" THEN "+required+" - "+level+" ELSE 0 END)", "total_gap"),
			).GroupBy(pc.C(positioncompetency.FieldCompetencyID))
		}).
		Scan(ctx, &counts)
	if err != nil {
		return nil, wrap("competency gaps", err)
	}
	return counts, nil
}

// RaisedNeed is a training need raised for an agency ([RaisedNeeds]).
type RaisedNeed struct {
	CompetencyID int
	Priority     string
	Source       string
	ForumID      int // 0: not linked to a recorded forum
}

// RaisedNeeds returns the competency, priority and source of the
// training needs raised for agencyID during the ledger year year.
func RaisedNeeds(ctx context.Context, client *ent.Client, agencyID, year int) ([]RaisedNeed, error) {
	ctx = aggregate(ctx)
	if err := CheckYear(year); err != nil {
		return nil, err
	}
	from, to := YearRange(year)
	raised, err := client.TrainingNeed.Query().
		Where(trainingneed.AgencyID(agencyID), trainingneed.RaisedOnGTE(from), trainingneed.RaisedOnLT(to)).
		Select(trainingneed.FieldCompetencyID, trainingneed.FieldPriority, trainingneed.FieldSource, trainingneed.FieldForumID).
		All(ctx)
	if err != nil {
		return nil, wrap("training needs", err)
	}
	out := make([]RaisedNeed, len(raised))
	for i, n := range raised {
		out[i] = RaisedNeed{CompetencyID: n.CompetencyID, Priority: string(n.Priority), Source: string(n.Source)}
		if n.ForumID != nil {
			out[i].ForumID = *n.ForumID
		}
	}
	return out, nil
}

// gapScope returns the employees a gap count covers: the active
// employees of the agency holding a position and, when unitID is set,
// working in that unit or one of its sub-units. It checks that the
// agency exists and that the unit belongs to it.
func gapScope(ctx context.Context, client *ent.Client, agencyID int, unitID *int) ([]predicate.Employee, error) {
	ok, err := client.Agency.Query().Where(agency.ID(agencyID)).Exist(ctx)
	if err != nil {
		return nil, wrap("gap scope", err)
	}
	if !ok {
		return nil, notFound("agencyId", agencyID, "Agency")
	}
	scope := []predicate.Employee{
		employee.AgencyID(agencyID),
		employee.Active(true),
		employee.PositionIDNotNil(),
	}
	if unitID == nil {
		return scope, nil
	}
	units, err := client.Unit.Query().
		Where(unit.AgencyID(agencyID)).
		Select(unit.FieldID, unit.FieldParentID).
		All(ctx)
	if err != nil {
		return nil, wrap("gap scope", err)
	}
	tree, err := Subtree(ctx, units, *unitID)
	if err != nil {
		return nil, err
	}
	if len(tree) == 0 {
		return nil, notFound("unitId", *unitID, "Unit")
	}
	return append(scope, employee.UnitIDIn(tree...)), nil
}

// notFound is the NOT_FOUND fault of an ID argument (field) that names no
// row of type typ in the report's scope.
func notFound(field string, id int, typ string) error {
	f := gid.NotFound(id, typ)
	f.Field = field
	return f
}

// Subtree returns root and the IDs of all units below it, or nothing
// when root is not among units. Each unit is visited once, so that a
// cycle in the parent links (which the storage rules refuse, but data
// written around them could hold) ends the walk instead of growing it
// forever; the walk stops with ctx's error when ctx ends.
func Subtree(ctx context.Context, units []*ent.Unit, root int) ([]int, error) {
	children := make(map[int][]int)
	found := false
	for _, u := range units {
		found = found || u.ID == root
		if u.ParentID != nil {
			children[*u.ParentID] = append(children[*u.ParentID], u.ID)
		}
	}
	if !found {
		return nil, nil
	}
	seen := map[int]bool{root: true}
	ids := []int{root}
	for i := 0; i < len(ids); i++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("report: unit tree: %w", err)
		}
		for _, c := range children[ids[i]] {
			if !seen[c] {
				seen[c] = true
				ids = append(ids, c)
			}
		}
	}
	return ids, nil
}

// wibDate returns the SQL expression of the WIB calendar date of the
// timestamp column col. On SQLite, timestamps are stored as text in UTC
// (the first 19 characters are the UTC date and time).
func wibDate(d, col string) string {
	shift := strconv.Itoa(wibOffset) + " hours"
	if d == dialect.Postgres {
		return "CAST((" + col + " AT TIME ZONE 'UTC') + INTERVAL '" + shift + "' AS DATE)"
	}
	return "date(substr(" + col + ", 1, 19), '+" + shift + "')"
}

// trustRank returns the SQL expression of gap.Trust on the rating
// source column col.
func trustRank(col string) string {
	var b strings.Builder
	b.WriteString("CASE " + col)
	for _, s := range gap.Sources() {
		b.WriteString(" WHEN '" + s + "' THEN " + strconv.Itoa(gap.Trust(s)))
	}
	b.WriteString(" ELSE 0 END")
	return b.String()
}
