// Package fault classifies errors that reach API clients.
//
// Domain code returns a *fault.Error when the caller can act on the
// failure (bad input, a conflict with existing data, a refused state
// change). Everything else is an internal error: the GraphQL layer logs it
// once and shows the client only a masked message and a request id.
package fault

import (
	"errors"
	"fmt"

	"golang.org/x/text/language"

	"kembang/internal/lang"
)

// Code is the machine-readable class of an error, sent to clients as
// extensions.code.
type Code string

// Codes used across the API.
const (
	BadInput        Code = "BAD_USER_INPUT"
	NotFound        Code = "NOT_FOUND"
	Conflict        Code = "CONFLICT"
	Forbidden       Code = "FORBIDDEN"
	Unauthenticated Code = "UNAUTHENTICATED"
	Unavailable     Code = "UNAVAILABLE"
	Internal        Code = "INTERNAL_SERVER_ERROR"
)

// Error is an error a client may see. Msg is safe to show; Err, when set,
// is the cause and is never shown.
//
// Msg is English. The API renders the message in the client's language
// from its template (see [Error.Template]): Format and Args when Format is
// set (the constructors ending in f set them), else the cause's template
// when Msg is the cause's message, else Msg itself, which is then the key
// of the catalog in kembang/internal/lang.
type Error struct {
	Code  Code
	Field string // input field at fault, in API spelling, if any
	Msg   string
	Err   error
	// Format and Args, when Format is set, are the English format and
	// arguments Msg was made of.
	Format string
	Args   []any
	// ID, when not zero, is the raw ID of a record the request names that
	// the error is about (one that does not exist): when Field is empty,
	// the API layer names the argument or input field the client sent it
	// in.
	ID int
}

// Error returns the client-safe message.
func (e *Error) Error() string {
	if e.Field != "" {
		return e.Field + ": " + e.Msg
	}
	return e.Msg
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Template returns the English format of the message and its arguments,
// from which it is rendered in the client's language.
func (e *Error) Template() (string, []any) {
	if e.Format != "" {
		return e.Format, e.Args
	}
	var t interface {
		error
		Template() (string, []any)
	}
	if errors.As(e.Err, &t) && t.Error() == e.Msg {
		return t.Template()
	}
	return e.Msg, nil
}

// MessageIn returns the message, without the field, in the language tag:
// Msg itself in English, else the template rendered from the catalog of
// kembang/internal/lang.
func (e *Error) MessageIn(tag language.Tag) string {
	if tag == lang.English {
		return e.Msg
	}
	format, args := e.Template()
	return lang.Sprintf(tag, format, args...)
}

// Newf returns an error of code about field (empty when none) whose
// message is format with args.
func Newf(code Code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Msg: fmt.Sprintf(format, args...), Format: format, Args: args}
}

// Input reports that the value of field is unacceptable because of err,
// whose text must be safe to show.
func Input(field string, err error) *Error {
	return &Error{Code: BadInput, Field: field, Msg: err.Error(), Err: err}
}

// Inputf reports that the value of field is unacceptable.
func Inputf(field, format string, args ...any) *Error {
	return Newf(BadInput, field, format, args...)
}

// Conflictf reports that the request conflicts with the stored data.
func Conflictf(format string, args ...any) *Error {
	return Newf(Conflict, "", format, args...)
}

// NotFoundf reports that something the request names does not exist.
func NotFoundf(format string, args ...any) *Error {
	return Newf(NotFound, "", format, args...)
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}

// Text is a part of a message (the action a refusal names) kept as its
// English format and arguments, so that it is rendered in the language of
// the message that holds it.
type Text struct {
	Format string
	Args   []any
}

// Textf returns the Text of format and args.
func Textf(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String returns the English text.
func (t Text) String() string { return fmt.Sprintf(t.Format, t.Args...) }

// Template returns the English format and its arguments.
func (t Text) Template() (string, []any) { return t.Format, t.Args }
