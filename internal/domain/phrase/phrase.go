// Package phrase keeps the errors of the domain rules translatable. An
// error made by [Errorf] reads like one of fmt.Errorf, wraps what fmt.Errorf
// wraps, and also keeps its English format and arguments, from which the API
// renders the message in the client's language (kembang/internal/lang looks
// the format up in its catalog).
package phrase

import "fmt"

// Error is an error whose message is an English format and its arguments.
type Error struct {
	format string
	args   []any
	err    error // fmt.Errorf(format, args...)
}

// Errorf returns an error formatted as fmt.Errorf formats it (%w wraps)
// that keeps format and args for translation. format must be a literal:
// the catalog test of kembang/internal/lang finds it in the source.
func Errorf(format string, args ...any) error {
	return &Error{format: format, args: args, err: fmt.Errorf(format, args...)}
}

// Error returns the English message.
func (e *Error) Error() string { return e.err.Error() }

// Unwrap returns the errors the format wrapped with %w.
func (e *Error) Unwrap() []error {
	switch u := e.err.(type) {
	case interface{ Unwrap() error }:
		return []error{u.Unwrap()}
	case interface{ Unwrap() []error }:
		return u.Unwrap()
	}
	return nil
}

// Template returns the English format and its arguments.
func (e *Error) Template() (string, []any) { return e.format, e.args }

// Noun is an English noun or phrase that a message takes as an argument
// (a kind of record, "the parent unit", the verb of an action): the API
// renders it through the noun table of kembang/internal/lang. Plain
// string arguments (names, values the client sent) are never translated.
type Noun string

// String returns the English noun.
func (n Noun) String() string { return string(n) }
