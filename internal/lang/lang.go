// Package lang chooses the language of what clients read, English or
// Indonesian, and renders messages in it.
//
// The language of a request comes from its Accept-Language header
// (matched by golang.org/x/text/language, q-values honoured; English when
// the header is absent or names no supported language) and travels in the
// context ([Middleware], [FromContext]). Messages are written in English in
// the code; the English format string is the key of the Indonesian message
// catalog (golang.org/x/text/message/catalog, filled from the table in
// id.go), so an error keeps its format and arguments until the API layer
// renders it ([Sprintf], [Error]). Codes and field names never change with
// the language. The test TestCatalogCoversSource fails when a message
// format in the source has no Indonesian entry.
package lang

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"

	"kembang/internal/domain/phrase"
)

// The supported languages; English is the default.
var (
	English    = language.English
	Indonesian = language.Indonesian
)

// supported lists the languages in the matcher's order: the first is the
// default.
var supported = []language.Tag{English, Indonesian}

var matcher = language.NewMatcher(supported)

// Match returns the supported language that best fits an Accept-Language
// header value: Indonesian for "id", "id-ID" or a header that prefers it by
// q-value, English otherwise (also for an empty or malformed header).
func Match(acceptLanguage string) language.Tag {
	if acceptLanguage == "" {
		return English
	}
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, i, conf := matcher.Match(tags...)
	if conf == language.No {
		return English
	}
	return supported[i]
}

// Supported returns the supported languages, the default first.
func Supported() []language.Tag { return slices.Clone(supported) }

type ctxKey struct{}

// NewContext returns ctx carrying the language tag.
func NewContext(ctx context.Context, tag language.Tag) context.Context {
	return context.WithValue(ctx, ctxKey{}, tag)
}

// FromContext returns the language in ctx, English when none is set.
func FromContext(ctx context.Context) language.Tag {
	if t, ok := ctx.Value(ctxKey{}).(language.Tag); ok {
		return t
	}
	return English
}

// InContext reports whether ctx carries a language.
func InContext(ctx context.Context) bool {
	_, ok := ctx.Value(ctxKey{}).(language.Tag)
	return ok
}

// Middleware puts the language of the request's Accept-Language header in
// its context, and tells caches that responses vary with that header.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Language")
		next.ServeHTTP(w, r.WithContext(NewContext(r.Context(), Match(r.Header.Get("Accept-Language")))))
	})
}

// OfRequest returns the language of r: the one in its context when the
// middleware ran, else the one its Accept-Language header asks for.
func OfRequest(r *http.Request) language.Tag {
	if t, ok := r.Context().Value(ctxKey{}).(language.Tag); ok {
		return t
	}
	return Match(r.Header.Get("Accept-Language"))
}

// cat holds the translations of the English formats, one catalog entry
// per line of the table in id.go.
var cat = func() *catalog.Builder {
	b := catalog.NewBuilder(catalog.Fallback(English))
	for en, id := range indonesian {
		if err := b.SetString(Indonesian, en, id); err != nil {
			panic(fmt.Sprintf("lang: catalog entry %q: %v", en, err))
		}
	}
	return b
}()

var printers = map[language.Tag]*message.Printer{
	Indonesian: message.NewPrinter(Indonesian, message.Catalog(cat)),
}

// Translated reports whether the catalog holds format in tag's language
// (English always does).
func Translated(tag language.Tag, format string) bool {
	if tag == English {
		return true
	}
	_, ok := indonesian[format]
	return ok
}

// NounTranslated reports whether the noun table holds noun in tag's
// language (English always does).
func NounTranslated(tag language.Tag, noun string) bool {
	if tag == English {
		return true
	}
	_, ok := nouns[noun]
	return ok
}

// Sprintf renders the English format with args in tag's language: the
// catalog's translation when it has one, else the English text. With no
// args, format is a finished message and is not interpreted. Arguments
// that are errors, templates or nouns (phrase.Noun) are rendered in tag's
// language too; numbers are printed as fmt prints them (no digit
// grouping: IDs and years stay as they are).
func Sprintf(tag language.Tag, format string, args ...any) string {
	p, ok := printers[tag]
	if ok {
		if _, ok = indonesian[format]; ok {
			if len(args) == 0 {
				return indonesian[format]
			}
			wrapped := make([]any, len(args))
			for i, a := range args {
				wrapped[i] = arg{v: a, tag: tag}
			}
			return p.Sprintf(format, wrapped...)
		}
	}
	if len(args) == 0 {
		return format
	}
	return fmt.Sprintf(strings.ReplaceAll(format, "%w", "%v"), args...)
}

// Templater is a message, or a part of one, that keeps its English format
// and arguments (*fault.Error, fault.Text, *phrase.Error).
type Templater interface {
	Template() (format string, args []any)
}

// Error returns err's message in tag's language: the translation of its
// template, or of its whole message, when the catalog has one, else the
// English message.
func Error(tag language.Tag, err error) string {
	msg := err.Error()
	if tag == English {
		return msg
	}
	if t, ok := err.(Templater); ok {
		if format, args := t.Template(); Translated(tag, format) {
			return Sprintf(tag, format, args...)
		}
	}
	return Sprintf(tag, msg)
}

// Text returns a fixed English message in tag's language.
func Text(tag language.Tag, msg string) string { return Sprintf(tag, msg) }

// arg is a message argument rendered in the message's language.
type arg struct {
	v   any
	tag language.Tag
}

// Format prints the argument as fmt would, after translating errors,
// templates and nouns.
func (a arg) Format(f fmt.State, verb rune) {
	v := a.v
	text := verb == 'v' || verb == 's' || verb == 'q' || verb == 'w'
	switch x := v.(type) {
	case error:
		if text {
			v = Error(a.tag, x)
		}
	case Templater:
		if text {
			format, args := x.Template()
			v = Sprintf(a.tag, format, args...)
		}
	case phrase.Noun:
		if n, ok := nouns[string(x)]; ok && a.tag == Indonesian {
			v = n
		}
	}
	if verb == 'w' {
		verb = 'v'
	}
	fmt.Fprintf(f, fmt.FormatString(f, verb), v)
}
