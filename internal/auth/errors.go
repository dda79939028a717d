package auth

// Error is a reason to refuse a credential. Its message is safe to show
// to clients; the errors this package returns wrap one of the sentinels
// below with detail for the server log, so send clients the message of
// the *Error found with [errors.As], never the whole chain's text.
type Error struct {
	reason string
	msg    string
}

// Error returns the client-safe message.
func (e *Error) Error() string { return e.msg }

// Reason returns a stable machine-readable name of the failure, such as
// "EXPIRED", sent to clients as extensions.reason.
func (e *Error) Reason() string { return e.reason }

// Reasons to refuse a request's credentials.
var (
	// ErrMissing: the request carries no credentials but they are
	// required.
	ErrMissing = &Error{"MISSING", "authentication required"}
	// ErrCredentials: the Authorization or X-API-Key header is not
	// usable (another scheme, several credentials, a kind of credential
	// the server does not accept).
	ErrCredentials = &Error{"CREDENTIALS", "unsupported or ambiguous credentials"}
	// ErrMalformed: the token is not a well-formed signed JWT.
	ErrMalformed = &Error{"MALFORMED", "malformed token"}
	// ErrAlgorithm: the token's algorithm is not accepted for any key
	// the server has (this includes "none", and an HMAC token presented
	// against public keys).
	ErrAlgorithm = &Error{"ALGORITHM", "token algorithm not accepted"}
	// ErrUnknownKey: the token names a key (kid) the server does not
	// know, even after refreshing its key set.
	ErrUnknownKey = &Error{"UNKNOWN_KEY", "token signed by an unknown key"}
	// ErrSignature: the signature does not verify.
	ErrSignature = &Error{"SIGNATURE", "invalid token signature"}
	// ErrExpired: the token's exp is past.
	ErrExpired = &Error{"EXPIRED", "token has expired"}
	// ErrNotYetValid: the token's nbf (or iat) is in the future.
	ErrNotYetValid = &Error{"NOT_YET_VALID", "token is not valid yet"}
	// ErrIssuer: the token's iss is not the configured issuer.
	ErrIssuer = &Error{"ISSUER", "token issuer not accepted"}
	// ErrAudience: none of the token's aud values is accepted.
	ErrAudience = &Error{"AUDIENCE", "token audience not accepted"}
	// ErrRole: the token names no Kembang role, an unknown one, or
	// several.
	ErrRole = &Error{"ROLE", "token has no valid Kembang role"}
	// ErrClaims: the token's other claims do not describe a Kembang
	// viewer (no subject, a malformed or missing agency, employee or
	// partner ID). A well-formed ID that names no record of the right
	// table is ErrUnknownAgency, ErrUnknownEmployee or
	// ErrUnknownPartner.
	ErrClaims = &Error{"CLAIMS", "token claims do not describe a Kembang user"}
	// ErrUnknownAgency: the agency claim holds the ID of no agency (a
	// well-formed ID of another table, or of an agency that does not
	// exist, or no longer).
	ErrUnknownAgency = &Error{"UNKNOWN_AGENCY", "token names an agency that does not exist"}
	// ErrUnknownEmployee: the employee claim holds the ID of no
	// employee.
	ErrUnknownEmployee = &Error{"UNKNOWN_EMPLOYEE", "token names an employee that does not exist"}
	// ErrUnknownPartner: the partner claim holds the ID of no partner.
	ErrUnknownPartner = &Error{"UNKNOWN_PARTNER", "token names a partner that does not exist"}
	// ErrScopeMismatch: the token names an agency and an employee of
	// another agency.
	ErrScopeMismatch = &Error{"SCOPE_MISMATCH", "token names an employee of another agency than its agency"}
	// ErrIssuedBefore: the token was issued before the agency, employee
	// or partner it names was created (beyond the clock-skew leeway):
	// it named the record before it existed.
	ErrIssuedBefore = &Error{"ISSUED_BEFORE_RECORD", "token was issued before the record it names existed"}
	// ErrAPIKey: the API key is malformed, unknown or wrong.
	ErrAPIKey = &Error{"API_KEY", "invalid API key"}
	// ErrRevoked: the API key has been revoked.
	ErrRevoked = &Error{"REVOKED", "API key has been revoked"}
	// ErrUnavailable: the keys to check the credential could not be
	// fetched (identity provider unreachable). Not the client's fault:
	// the middleware answers 503.
	ErrUnavailable = &Error{"UNAVAILABLE", "authentication temporarily unavailable"}
)
