package lang

import (
	"regexp"
	"strings"

	"golang.org/x/text/language"
)

// graphqlFormats are the formats of the parse and validation errors of
// gqlparser (github.com/vektah/gqlparser/v2, parser and validator/rules)
// that clients meet most: unknown fields, arguments and types, missing
// arguments, selections, variables, values. gqlparser returns finished
// messages, so each is matched against the format (every %s a group) and
// rendered again from the catalog with the parts it held. Messages of
// other rules stay English. When gqlparser is upgraded, TestGraphQLFormats
// shows whether these formats still match its messages.
var graphqlFormats = []string{
	`Cannot query field "%s" on type "%s".`,
	`Unknown argument "%s" on field "%s.%s".`,
	`Field "%s" argument "%s" of type "%s" is required, but it was not provided.`,
	`Unknown type "%s".`,
	`Field "%s" must not have a selection since type "%s" has no subfields.`,
	`Field "%s" of type "%s" must have a selection of subfields.`,
	`Variable "$%s" is never used.`,
	`Variable "%s" is not defined.`,
	`Variable "%s" is not defined by operation "%s".`,
	`Expected value of type "%s", found %s.`,
	`Value "%s" does not exist in "%s" enum.`,
	`Field "%s.%s" of required type "%s" was not provided.`,
	`Field "%s" is not defined by type "%s".`,
	`Unknown fragment "%s".`,
	`Fragment "%s" is never used.`,
	`Expected %s, found %s`,
	`Unexpected %s`,
	// Variables (validator/vars.go), with the variable's path beside.
	`must be defined`,
	`cannot be null`,
	`unknown field`,
	`%s is not a valid %s`,
	`cannot use %s as %s`,
	`must be a %s, not a %s`,
	// The POST transport (kembang/internal/gqlhttp).
	`could not read request body: %v`,
	`json request body could not be decoded: %v`,
}

// graphqlSuggestion is the suggestion gqlparser may append to a message.
const graphqlSuggestion = ` Did you mean %s?`

// graphqlPattern is a format of graphqlFormats as a regular expression.
type graphqlPattern struct {
	format string
	re     *regexp.Regexp
}

var graphqlPatterns = func() []graphqlPattern {
	out := make([]graphqlPattern, len(graphqlFormats))
	for i, f := range graphqlFormats {
		parts := strings.Split(strings.ReplaceAll(f, "%v", "%s"), "%s")
		for j := range parts {
			parts[j] = regexp.QuoteMeta(parts[j])
		}
		out[i] = graphqlPattern{f, regexp.MustCompile(`^` + strings.Join(parts, `(.+?)`) + `$`)}
	}
	return out
}()

// GraphQL returns a parse or validation message of gqlparser in tag's
// language when its format is one of the known ones, else msg.
func GraphQL(tag language.Tag, msg string) string {
	if tag == English {
		return msg
	}
	suggestion := ""
	if i := strings.Index(msg, " Did you mean "); i >= 0 && strings.HasSuffix(msg, "?") {
		msg, suggestion = msg[:i], msg[i:]
	}
	for _, p := range graphqlPatterns {
		m := p.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		args := make([]any, len(m)-1)
		for i, s := range m[1:] {
			args[i] = s
		}
		out := Sprintf(tag, p.format, args...)
		if suggestion != "" {
			out += Sprintf(tag, graphqlSuggestion, strings.TrimSuffix(strings.TrimPrefix(suggestion, " Did you mean "), "?"))
		}
		return out
	}
	return msg + suggestion
}
