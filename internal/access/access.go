// Package access decides who may read and change what in Kembang. Its
// rules are installed as the ent privacy policies of every entity (see
// the Policy methods in kembang/ent/schema), so that every query path
// (lists, node(id), nodes, nested edges, connections, counts) and every
// mutation goes through them; the GraphQL layer adds no rule of its own
// but the report scopes of [Check].
//
// # Reads
//
// Reads are filters: a query returns only the rows its viewer may see,
// so lists are silently narrowed and an edge to a hidden row is empty or
// null. node(id) of a hidden row is FORBIDDEN (see [Hidden]). Filters
// through edges, which no policy narrows, are checked by
// [FilterThrough]. The viewer's scope per entity:
//
//	entity                      ADMIN  ANALYST  HR_OFFICER / APPROVER   SUPERVISOR          EMPLOYEE      PARTNER                 anonymous
//	agency, unit, position,     all    all      all                     all                 all           agencies only           agencies with the
//	  position standard                                                                                                           public catalogue
//	competency, levels,         all    all      all                     all                 all           all                     public catalogue
//	  program, session, partner
//	employee                    all    all¹     own agency (APPROVER¹)  self, direct reports self         rosters of its sessions¹ –
//	enrollment                  all    all      own agency              self, direct reports self         its sessions            –
//	evaluation                  all    all      own agency, results     self, direct reports self         its sessions            –
//	assessment, learning claim  all    all      own agency              self, direct reports self         –                       –
//	training need               all    all      own agency              own agency          own agency    –                       –
//	plan, plan item             all    all      own agency              –                   –             –                       –
//	forum, impact indicator,    all    all      own agency              own agency          own agency    –                       –
//	  indicator measurement
//	program revision            all    all      programs it organises   –                   –             –                       –
//	change project              all    all      own agency              self, reports,      self,         –                       –
//	                                                                    mentored            mentored
//	education record,           all    all      own agency              self, direct reports self         –                       –
//	  certification
//	API key                     all    –        –                       –                   –             its own                 –
//	audit record                all    –        –                       –                   –             –                       –
//	persisted operation²        all    –        –                       –                   –             –                       –
//
// ¹ with personal data masked (see [Masked]).
// ² not in the GraphQL API; the allow-list reads it with [System].
//
// # Writes
//
// ADMIN may change everything but the audit trail, which nobody changes.
// The other roles, within their scope (an HR officer's agency, an
// employee's own records, a partner's sessions):
//
//   - HR_OFFICER: units, positions and their standards, employees,
//     assessments, programs organised by the agency and their targets and
//     sessions, enrollments (every workflow step), evaluations, learning
//     claims (and their review), training needs, plans (create, submit,
//     delete) and plan items; forums, impact indicators and their
//     measurements; revisions of the programs the agency organises.
//     Change projects (drafted for their employees; the mentor named),
//     education records (and the approval of assigned studies) and
//     certifications of the agency's employees.
//   - APPROVER: approves or returns the agency's submitted plans.
//   - SUPERVISOR: signs off the behaviour evaluations of direct reports;
//     and what an EMPLOYEE may do for self.
//   - EMPLOYEE: enrolls, confirms a nomination and withdraws self; gives
//     reaction feedback on own enrollments; claims external learning and
//     edits or deletes own pending claims; raises training needs for own
//     agency; updates own e-mail and phone; drafts, edits and submits own
//     change projects and, as their mentor, accepts or returns others';
//     records own education (unapproved) and certifications.
//   - PARTNER: marks attendance and records learning (pre/post test)
//     evaluations of its sessions' participants.
//   - ANALYST and anonymous callers: nothing.
//
// A refused write is a FORBIDDEN error naming the role and what it tried;
// nothing of it is written.
//
// # The server's own work
//
// Code that acts for the server rather than a caller (demo data, the
// consequences of an allowed change, such as promoting the first of a
// waitlist, and the aggregate reports once [Check] allowed them) runs
// with [System]. A context with no viewer at all is refused everything:
// HTTP requests always carry one, if only the anonymous viewer.
package access

import (
	"context"
	"errors"
	"fmt"

	"entgo.io/ent/dialect/sql"

	"kembang/ent/privacy"
	"kembang/internal/domain/phrase"
	"kembang/internal/fault"
	"kembang/internal/viewer"
)

// System returns a copy of ctx with the server's privileges: every
// policy allows, and personal fields are not masked. The viewer in ctx,
// if any, stays there for the audit trail.
func System(ctx context.Context) context.Context {
	return privacy.DecisionContext(ctx, privacy.Allow)
}

// system reports whether ctx was made by [System].
func system(ctx context.Context) bool {
	d, ok := privacy.DecisionFromContext(ctx)
	return ok && d == nil
}

// HasSystemRights reports whether ctx carries the server's rights
// ([System]). The GraphQL layer refuses to resolve any field with such a
// context: what a client sees is read as its viewer.
func HasSystemRights(ctx context.Context) bool { return system(ctx) }

// catalogueKey is the context key of [OpenCatalogue].
type catalogueKey struct{}

// OpenCatalogue returns a copy of ctx in which anonymous viewers may read
// the public catalogue: programs and their targets, sessions, partners,
// competencies and their levels, and agencies. The HTTP layer sets it
// when the server is configured to publish the catalogue.
func OpenCatalogue(ctx context.Context) context.Context {
	return context.WithValue(ctx, catalogueKey{}, true)
}

// catalogueOpen reports whether ctx was made by [OpenCatalogue].
func catalogueOpen(ctx context.Context) bool {
	open, _ := ctx.Value(catalogueKey{}).(bool)
	return open
}

// ErrNoViewer is the cause of refusals of contexts that carry no viewer:
// a programming error, since the HTTP layer always sets one.
var ErrNoViewer = errors.New("no viewer in context")

// viewerOf returns the viewer of ctx, or a refusal when there is none.
func viewerOf(ctx context.Context) (viewer.Viewer, error) {
	v, ok := viewer.FromContext(ctx)
	if !ok {
		return viewer.Viewer{}, &fault.Error{Code: fault.Forbidden, Msg: "not permitted", Err: fmt.Errorf("%w: %w", ErrNoViewer, privacy.Deny)}
	}
	return v, nil
}

// Forbidden returns the FORBIDDEN refusal of an action by v, described
// by format and args ("filter employees by nip"), for checks made
// outside the privacy rules (the GraphQL argument guard).
func Forbidden(v viewer.Viewer, format string, args ...any) error {
	return forbidden(v, format, args...)
}

// forbidden returns the refusal of action by v. The message names the
// role and the action, never data the viewer may not see.
func forbidden(v viewer.Viewer, format string, args ...any) error {
	// The string arguments are the code's nouns and verbs ("create",
	// "employees"), translated with the message.
	nouns := make([]any, len(args))
	for i, a := range args {
		if s, ok := a.(string); ok {
			a = phrase.Noun(s)
		}
		nouns[i] = a
	}
	action := fault.Textf(format, nouns...)
	var f *fault.Error
	if v.Anonymous() {
		f = fault.Newf(fault.Forbidden, "", "sign in: %v needs credentials", action)
	} else {
		f = fault.Newf(fault.Forbidden, "", "%s may not %v", v.Role, action)
	}
	f.Err = privacy.Deny
	return f
}

// nothing is a predicate no row satisfies.
func nothing(s *sql.Selector) { s.Where(sql.False()) }
