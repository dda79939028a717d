package schema

import "regexp"

// Patterns checked by field validators; they keep malformed data out of
// both stores whatever client writes it.
var (
	codePattern  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	nipPattern   = regexp.MustCompile(`^[0-9]{18}$`)
	emailPattern = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phonePattern = regexp.MustCompile(`^\+?[0-9][0-9 -]{5,19}$`)
	urlPattern   = regexp.MustCompile(`^https?://\S+$`)
	keyIDPattern = regexp.MustCompile(`^[0-9a-f]{16}$`)
	sha256Hex    = regexp.MustCompile(`^[0-9a-f]{64}$`)
)
