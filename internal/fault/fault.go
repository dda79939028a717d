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
type Error struct {
	Code  Code
	Field string // input field at fault, in API spelling, if any
	Msg   string
	Err   error
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

// Input reports that the value of field is unacceptable because of err,
// whose text must be safe to show.
func Input(field string, err error) *Error {
	return &Error{Code: BadInput, Field: field, Msg: err.Error(), Err: err}
}

// Inputf reports that the value of field is unacceptable.
func Inputf(field, format string, args ...any) *Error {
	return &Error{Code: BadInput, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Conflictf reports that the request conflicts with the stored data.
func Conflictf(format string, args ...any) *Error {
	return &Error{Code: Conflict, Msg: fmt.Sprintf(format, args...)}
}

// NotFoundf reports that something the request names does not exist.
func NotFoundf(format string, args ...any) *Error {
	return &Error{Code: NotFound, Msg: fmt.Sprintf(format, args...)}
}

// As returns the *Error in err's chain, if any.
func As(err error) (*Error, bool) {
	var e *Error
	ok := errors.As(err, &e)
	return e, ok
}
