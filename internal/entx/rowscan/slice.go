package rowscan

import (
	stdsql "database/sql"
	"fmt"
	"reflect"
	"strings"

	"entgo.io/ent/dialect/sql"
)

// Slice scans rows into v, a pointer to a slice, as ent's sql.ScanSlice
// does, which the generated Select and GroupBy scans call and the generate
// step routes here (the templates of kembang/tools/codegen/entgen). A
// slice of structs whose fields for the columns are all integers, such as
// a totalCount loader's counts by parent ([]struct{NodeID int
// `sql:"session_id"`; Count int `sql:"count"`}), is filled without sql.ScanSlice's reflection per value (a new value for
// each column and row, a struct built field by field): one set of targets
// for all rows, one element appended and its fields set. Columns map to
// fields as in sql.ScanSlice (the sql tag, else the json tag, else the
// field's name in lower case; COUNT(*) is count), and a NULL leaves a field
// zero, as there. Anything else is sql.ScanSlice's.
func Slice(rows sql.ColumnScanner, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Slice {
		return sql.ScanSlice(rows, v)
	}
	columns, err := rows.Columns()
	if err != nil {
		return sql.ScanSlice(rows, v)
	}
	slice := rv.Elem()
	fields, ok := intFields(slice.Type().Elem(), columns)
	if !ok {
		return sql.ScanSlice(rows, v)
	}
	targets := make([]stdsql.NullInt64, len(columns))
	dest := make([]any, len(columns))
	for i := range targets {
		dest[i] = &targets[i]
	}
	zero := reflect.Zero(slice.Type().Elem())
	for rows.Next() {
		clear(targets)
		if err := rows.Scan(dest...); err != nil {
			return fmt.Errorf("sql/scan: failed scanning rows: %w", err)
		}
		slice.Set(reflect.Append(slice, zero))
		row := slice.Index(slice.Len() - 1)
		for i, f := range fields {
			if targets[i].Valid {
				row.Field(f).SetInt(targets[i].Int64)
			}
		}
	}
	return rows.Err()
}

// intFields returns the index of the field of each column when typ is a
// struct without embedded structs and each column maps, as in
// sql.ScanSlice, to a field of kind int or int64.
func intFields(typ reflect.Type, columns []string) ([]int, bool) {
	if typ.Kind() != reflect.Struct || len(columns) == 0 {
		return nil, false
	}
	names := make(map[string]int, typ.NumField())
	for i := range typ.NumField() {
		f := typ.Field(i)
		if f.Anonymous {
			return nil, false
		}
		if f.PkgPath == "" {
			names[columnName(f)] = i
		}
	}
	fields := make([]int, len(columns))
	for i, c := range columns {
		name, _, _ := strings.Cut(c, "(")
		f, ok := names[name]
		if !ok {
			f, ok = names[strings.ToLower(name)]
		}
		if !ok {
			return nil, false // sql.ScanSlice reports it
		}
		if k := typ.Field(f).Type.Kind(); k != reflect.Int && k != reflect.Int64 {
			return nil, false
		}
		fields[i] = f
	}
	return fields, true
}

// columnName is the column of a struct field, as sql.ScanSlice names it.
func columnName(f reflect.StructField) string {
	if tag, ok := f.Tag.Lookup("sql"); ok {
		return tag
	}
	if tag, ok := f.Tag.Lookup("json"); ok {
		name, _, _ := strings.Cut(tag, ",")
		return name
	}
	return strings.ToLower(f.Name)
}
