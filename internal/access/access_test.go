package access_test

import (
	"context"
	"slices"
	"sort"
	"testing"

	"entgo.io/ent/entc"

	"kembang/ent"
	"kembang/ent/employee"
	"kembang/internal/access"
	"kembang/internal/viewer"
	"kembang/tools/codegen/entgen"
)

// TestMaskedFields checks the one table of masked fields, by role.
func TestMaskedFields(t *testing.T) {
	personal := []string{"nip", "birthDate", "appointedOn", "sex", "email", "phone"}
	contact := []string{"contactName", "contactEmail", "contactPhone"}
	for _, tt := range []struct {
		role              viewer.Role
		employee, partner []string
	}{
		{viewer.Admin, nil, nil},
		{viewer.HROfficer, nil, nil},
		{viewer.Supervisor, nil, nil},
		{viewer.Employee, nil, nil},
		{viewer.Approver, personal, nil},
		{viewer.Analyst, personal, nil},
		{viewer.Partner, append(slices.Clone(personal), "golongan"), nil},
		{viewer.Anonymous, append(slices.Clone(personal), "golongan"), contact},
	} {
		v := viewer.Viewer{Role: tt.role}
		if got := access.MaskedFields(v, "Employee"); !slices.Equal(got, tt.employee) {
			t.Errorf("%q: employee fields masked %v, want %v", tt.role, got, tt.employee)
		}
		if got := access.MaskedFields(v, "Partner"); !slices.Equal(got, tt.partner) {
			t.Errorf("%q: partner fields masked %v, want %v", tt.role, got, tt.partner)
		}
		if got := access.Masked(v); got != (len(tt.employee) > 0) {
			t.Errorf("%q: Masked = %v", tt.role, got)
		}
		for _, f := range append(slices.Clone(personal), "golongan", "fullName") {
			if got, want := access.MaskedField(v, "Employee", f), slices.Contains(tt.employee, f); got != want {
				t.Errorf("%q: MaskedField(Employee.%s) = %v", tt.role, f, got)
			}
			if access.MaskedField(v, "Agency", f) {
				t.Errorf("%q: Agency.%s masked", tt.role, f)
			}
		}
	}
	if !slices.Equal(access.Personal, personal) {
		t.Errorf("Personal = %v", access.Personal)
	}
	if got := access.MaskedEntities(); !slices.Equal(got, []string{"Employee", "Partner"}) {
		t.Errorf("MaskedEntities = %v", got)
	}
}

// TestMask checks that Mask and MaskPartner mask exactly the fields
// MaskedFields names, and the NIP down to its sequence number.
func TestMask(t *testing.T) {
	str := func(s string) *string { return &s }
	for _, role := range append(viewer.Roles(), viewer.Anonymous) {
		v := viewer.Viewer{Role: role}
		g := employee.GolonganIII_A
		e := &ent.Employee{Nip: "198609262015051001", FullName: "Dewi Lestari", Email: str("dewi@kemuningkab.go.id"), Phone: str("0812"), Golongan: &g}
		access.Mask(v, e)
		masked := access.MaskedFields(v, "Employee")
		if slices.Contains(masked, "nip") != (e.Nip != "198609262015051001") {
			t.Errorf("%q: nip %q", role, e.Nip)
		}
		if slices.Contains(masked, "nip") && e.Nip != "***************001" {
			t.Errorf("%q: masked nip %q shows more than the sequence number", role, e.Nip)
		}
		if got, want := e.Email == nil, slices.Contains(masked, "email"); got != want {
			t.Errorf("%q: email %v", role, e.Email)
		}
		if got, want := e.Golongan == nil, slices.Contains(masked, "golongan"); got != want {
			t.Errorf("%q: golongan %v", role, e.Golongan)
		}
		if e.FullName != "Dewi Lestari" {
			t.Errorf("%q: name %q", role, e.FullName)
		}
		p := &ent.Partner{Name: "Universitas Kemuning Raya", ContactName: "Dr. Sri Wahyuni", ContactEmail: "sri@ukr.ac.id"}
		access.MaskPartner(v, p)
		if got, want := p.ContactEmail == "", v.Anonymous(); got != want || p.Name == "" {
			t.Errorf("%q: partner %+v", role, p)
		}
	}
	access.Mask(viewer.Viewer{Role: viewer.Analyst}, nil) // no panic
}

// TestFilterThrough checks the filters through edges, by role.
func TestFilterThrough(t *testing.T) {
	ctx := func(v viewer.Viewer) context.Context { return viewer.NewContext(context.Background(), v) }
	hr := viewer.Viewer{Role: viewer.HROfficer, AgencyID: 1}
	emp := viewer.Viewer{Role: viewer.Employee, EmployeeID: 2}
	partner := viewer.Viewer{Role: viewer.Partner, PartnerID: 3}
	analyst := viewer.Viewer{Role: viewer.Analyst}
	admin := viewer.Viewer{Role: viewer.Admin}
	anon := viewer.Viewer{}
	for _, tt := range []struct {
		v              viewer.Viewer
		open           bool
		src, edge, dst string
		want           bool
	}{
		{admin, false, "Partner", "apiKeys", "APIKey", true},
		{analyst, false, "Partner", "apiKeys", "APIKey", false}, // finding 4
		{analyst, false, "Session", "enrollments", "Enrollment", true},
		{analyst, false, "Agency", "plans", "DevelopmentPlan", true},
		{analyst, false, "Employee", "enrollments", "Enrollment", true},
		{hr, false, "Employee", "enrollments", "Enrollment", true},
		{hr, false, "Agency", "employees", "Employee", false},
		{hr, false, "Enrollment", "employee", "Employee", true},
		{hr, false, "Session", "enrollments", "Enrollment", false},
		{hr, false, "Program", "sessions", "Session", true},
		{emp, false, "Enrollment", "employee", "Employee", true},
		{emp, false, "Employee", "supervisor", "Employee", false},
		{emp, false, "Session", "enrollments", "Enrollment", false},
		{partner, false, "Enrollment", "employee", "Employee", true},
		{partner, false, "Employee", "enrollments", "Enrollment", false},
		{partner, false, "Employee", "unit", "Unit", false}, // partners read no units
		{partner, false, "Program", "sessions", "Session", true},
		{anon, false, "Program", "sessions", "Session", false},
		{anon, true, "Program", "sessions", "Session", true},
		{anon, true, "Session", "enrollments", "Enrollment", false},
		{admin, false, "Agency", "things", "Unknown", false}, // no read rules: refused
	} {
		c := ctx(tt.v)
		if tt.open {
			c = access.OpenCatalogue(c)
		}
		if got := access.FilterThrough(c, tt.src, tt.edge, tt.dst); got != tt.want {
			t.Errorf("%s (open %v): %s.%s → %s = %v, want %v", tt.v.Role, tt.open, tt.src, tt.edge, tt.dst, got, tt.want)
		}
	}
	if access.FilterThrough(context.Background(), "Program", "sessions", "Session") {
		t.Error("no viewer: allowed")
	}
}

// TestEntities checks that every entity of the data model has read
// rules, and that the rules name no entity the model lacks.
func TestEntities(t *testing.T) {
	cfg, err := entgen.Config(entgen.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	g, err := entc.LoadGraph("../../"+entgen.SchemaDir, cfg)
	if err != nil {
		t.Fatal(err)
	}
	var model []string
	for _, n := range g.Nodes {
		model = append(model, n.Name)
	}
	rules := access.Entities()
	sort.Strings(model)
	sort.Strings(rules)
	if !slices.Equal(model, rules) {
		t.Errorf("entities %v, read rules for %v", model, rules)
	}
}
