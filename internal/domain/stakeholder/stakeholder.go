// Package stakeholder holds the pure rules of a stakeholder forum (forum
// pemangku kepentingan): a forum, workshop (lokakarya), focus group,
// survey or public consultation of an agency at which training needs are
// raised. The stakeholder groups taking part are a list of [Group]
// values; [CheckGroups] keeps the list free of unknown values and
// repeats.
package stakeholder

import (
	"errors"
	"io"
	"slices"
	"strconv"

	"kembang/internal/domain/phrase"
)

// Group is a stakeholder group taking part in a forum. Its values are the
// API's ForumStakeholderGroup values.
type Group string

// Stakeholder groups.
const (
	Employees          Group = "EMPLOYEES"
	Academics          Group = "ACADEMICS"
	Practitioners      Group = "PRACTITIONERS"
	Public             Group = "PUBLIC"
	ProfessionalBodies Group = "PROFESSIONAL_BODIES"
	OtherGovernment    Group = "OTHER_GOVERNMENT"
)

// groups lists every group in the API's order.
var groups = []Group{Employees, Academics, Practitioners, Public, ProfessionalBodies, OtherGovernment}

// Groups returns every stakeholder group, in the API's order.
func Groups() []Group { return slices.Clone(groups) }

// Valid reports whether g is a known group.
func (g Group) Valid() bool { return slices.Contains(groups, g) }

// String returns the group's API name.
func (g Group) String() string { return string(g) }

// ErrUnknownGroup is the cause of a refused group value.
var ErrUnknownGroup = errors.New("not a stakeholder group")

// MarshalGQL writes the group as a GraphQL enum value.
func (g Group) MarshalGQL(w io.Writer) {
	_, _ = io.WriteString(w, strconv.Quote(string(g)))
}

// UnmarshalGQL reads a GraphQL enum value.
func (g *Group) UnmarshalGQL(v any) error {
	s, ok := v.(string)
	if !ok {
		return phrase.Errorf("%w: %v", ErrUnknownGroup, v)
	}
	if !Group(s).Valid() {
		return phrase.Errorf("%w: %q", ErrUnknownGroup, s)
	}
	*g = Group(s)
	return nil
}

// ErrRepeatedGroup is the cause of a list naming a group twice.
var ErrRepeatedGroup = errors.New("stakeholder group listed twice")

// CheckGroups refuses unknown groups and repeats.
func CheckGroups(gs []Group) error {
	seen := make(map[Group]bool, len(gs))
	for _, g := range gs {
		if !g.Valid() {
			return phrase.Errorf("%w: %q", ErrUnknownGroup, string(g))
		}
		if seen[g] {
			return phrase.Errorf("%w: %s", ErrRepeatedGroup, g)
		}
		seen[g] = true
	}
	return nil
}
