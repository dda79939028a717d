package importer

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// table is a CSV file read whole: its columns, by canonical name, and its
// data rows with their line numbers.
type table struct {
	cols map[string]int // canonical column name → index in a record
	rows []record
}

// record is one data row of a table.
type record struct {
	line   int // line of the file the row starts on (the header is line 1)
	fields []string
}

// readTable reads a CSV file with a header row. Header names are matched
// in snake_case whatever their case and separators ("NIP_BARU", "Nip
// Baru" and "nip-baru" are all nip_baru), through aliases (alias →
// canonical name), into the columns of known; other columns are
// ignored. A column named twice, directly or through an alias, is an
// error, as is a missing required column.
func readTable(r io.Reader, known, required []string, aliases map[string]string) (*table, error) {
	cr := csv.NewReader(&lineLimit{r: r, max: MaxLineBytes})
	cr.FieldsPerRecord = -1 // checked per row, with its line
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &HeaderError{Msg: "the file is empty: want a header row"}
	}
	if errors.Is(err, errLineTooLong) {
		return nil, &HeaderError{Msg: err.Error()}
	}
	if err != nil {
		return nil, &HeaderError{Msg: csvMessage(err)}
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff") // a spreadsheet's byte order mark
	}
	t := &table{cols: map[string]int{}}
	isKnown := map[string]bool{}
	for _, k := range known {
		isKnown[k] = true
	}
	for i, h := range header {
		name := snake(h)
		if c, ok := aliases[name]; ok {
			name = c
		}
		if !isKnown[name] {
			continue
		}
		if j, dup := t.cols[name]; dup {
			return nil, &HeaderError{Msg: fmt.Sprintf("columns %d and %d are both %s", j+1, i+1, name)}
		}
		t.cols[name] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &HeaderError{Msg: "missing column " + strings.Join(missing, ", ")}
	}
	for {
		line, _ := cr.FieldPos(0)
		fields, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if errors.Is(err, errLineTooLong) {
			l, _ := cr.FieldPos(0)
			return nil, &HeaderError{Line: max(l, line), Msg: err.Error()}
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &HeaderError{Line: pe.StartLine, Msg: csvMessage(err)}
			}
			return nil, err
		}
		line, _ = cr.FieldPos(0)
		for _, f := range fields {
			if !utf8.ValidString(f) {
				return nil, &HeaderError{Line: line, Msg: "not UTF-8 text: save the file as CSV UTF-8"}
			}
			// PostgreSQL refuses NUL in text, SQLite stores it: refused
			// before either sees it, as the API refuses it (package limits).
			if strings.ContainsRune(f, 0) {
				return nil, &HeaderError{Line: line, Msg: "text may not contain the NUL character (U+0000)"}
			}
		}
		if blank(fields) {
			continue
		}
		t.rows = append(t.rows, record{line: line, fields: fields})
	}
	return t, nil
}

// MaxLineBytes bounds a line of an imported file. encoding/csv splits a
// whole line before it returns it: a line of a million commas would hold
// a million cells, some hundreds of MB, for one upload.
const MaxLineBytes = 64 << 10

// errLineTooLong is the error of a line longer than MaxLineBytes.
var errLineTooLong = fmt.Errorf("a line is too long: at most %d bytes", MaxLineBytes)

// lineLimit reads r, failing with errLineTooLong once more than max
// bytes come without a line feed.
type lineLimit struct {
	r   io.Reader
	max int
	run int // bytes since the last line feed
}

// Read implements io.Reader.
func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, b := range p[:n] {
		if b == '\n' {
			l.run = 0
			continue
		}
		if l.run++; l.run > l.max {
			return 0, errLineTooLong
		}
	}
	return n, err
}

// csvMessage is the text of a CSV parse error without the line prefix
// encoding/csv adds (the report gives the line on its own).
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "not valid CSV: " + pe.Err.Error()
	}
	return "not valid CSV: " + err.Error()
}

// blank reports whether a record has only empty fields (a trailing line
// of a spreadsheet export).
func blank(fields []string) bool {
	for _, f := range fields {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// has reports whether the table has the column.
func (t *table) has(col string) bool {
	_, ok := t.cols[col]
	return ok
}

// get returns the trimmed value of col in rec, "" when the column is
// absent or the row is short.
func (t *table) get(rec record, col string) string {
	i, ok := t.cols[col]
	if !ok || i >= len(rec.fields) {
		return ""
	}
	return strings.TrimSpace(rec.fields[i])
}

// snake returns s in snake_case: lower case, runs of anything but
// letters and digits become one underscore, and a change from lower to
// upper case ("fullName") starts a new word.
func snake(s string) string {
	var b strings.Builder
	prevLower, sep := false, false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if (sep || unicode.IsUpper(r) && prevLower) && b.Len() > 0 {
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			prevLower, sep = unicode.IsLower(r) || unicode.IsDigit(r), false
		default:
			sep = true
		}
	}
	return b.String()
}
