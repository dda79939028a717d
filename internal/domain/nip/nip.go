// Package nip parses the Nomor Induk Pegawai (NIP) of Indonesian civil
// servants.
//
// A PNS NIP has 18 digits:
//
//	YYYYMMDD  birth date
//	YYYYMM    TMT CPNS (month of appointment as candidate civil servant)
//	S         sex: 1 male, 2 female
//	NNN       sequence, 001 to 999
//
// For example 198609262015051001 is a man born on 26 September 1986,
// appointed in May 2015, first in sequence. PPPK numbers are also 18
// digits but follow another layout; use [CheckDigits] for them.
package nip

import (
	"errors"
	"fmt"
	"time"

	"kembang/internal/domain/phrase"
)

// Len is the number of digits of a NIP.
const Len = 18

// Sex is the sex encoded in a PNS NIP.
type Sex int

// Sexes as coded in digit 15.
const (
	Male   Sex = 1
	Female Sex = 2
)

// String returns MALE or FEMALE.
func (s Sex) String() string {
	switch s {
	case Male:
		return "MALE"
	case Female:
		return "FEMALE"
	}
	return fmt.Sprintf("Sex(%d)", int(s))
}

// Errors returned by [Parse] and [CheckDigits], wrapped with detail.
var (
	ErrFormat      = errors.New("NIP must be exactly 18 digits")
	ErrBirthDate   = errors.New("NIP has an invalid birth date (digits 1-8)")
	ErrAppointment = errors.New("NIP has an invalid TMT CPNS month (digits 9-14)")
	ErrSex         = errors.New("NIP has an invalid sex digit (digit 15 must be 1 or 2)")
	ErrSequence    = errors.New("NIP has an invalid sequence (digits 16-18 must not be 000)")
)

// Minimum and maximum age at appointment as CPNS. The legal minimum is
// 18; a year of slack allows for appointment months before the birthday.
const (
	minAge = 17
	maxAge = 60
)

// PNS holds what a PNS NIP encodes.
type PNS struct {
	BirthDate time.Time // midnight UTC
	Appointed time.Time // first day of the TMT CPNS month, UTC
	Sex       Sex
	Sequence  int
}

// CheckDigits reports whether s is 18 ASCII digits.
func CheckDigits(s string) error {
	if len(s) != Len {
		return phrase.Errorf("%w (got %d characters)", ErrFormat, len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return phrase.Errorf("%w (character %d is %q)", ErrFormat, i+1, s[i])
		}
	}
	return nil
}

// Parse decodes and validates a PNS NIP.
func Parse(s string) (PNS, error) {
	if err := CheckDigits(s); err != nil {
		return PNS{}, err
	}
	by, bm, bd := num(s[0:4]), num(s[4:6]), num(s[6:8])
	birth := time.Date(by, time.Month(bm), bd, 0, 0, 0, 0, time.UTC)
	if by < 1900 || birth.Year() != by || int(birth.Month()) != bm || birth.Day() != bd {
		return PNS{}, phrase.Errorf("%w: %s", ErrBirthDate, s[0:8])
	}
	ay, am := num(s[8:12]), num(s[12:14])
	if am < 1 || am > 12 {
		return PNS{}, phrase.Errorf("%w: %s", ErrAppointment, s[8:14])
	}
	appointed := time.Date(ay, time.Month(am), 1, 0, 0, 0, 0, time.UTC)
	if appointed.Before(birth.AddDate(minAge, 0, 0)) || !appointed.Before(birth.AddDate(maxAge, 0, 0)) {
		return PNS{}, phrase.Errorf("%w: %s is not between ages %d and %d", ErrAppointment, s[8:14], minAge, maxAge)
	}
	sex := Sex(num(s[14:15]))
	if sex != Male && sex != Female {
		return PNS{}, phrase.Errorf("%w: %c", ErrSex, s[14])
	}
	seq := num(s[15:18])
	if seq == 0 {
		return PNS{}, ErrSequence
	}
	return PNS{BirthDate: birth, Appointed: appointed, Sex: sex, Sequence: seq}, nil
}

// Format builds a PNS NIP from its parts. It does not validate them.
func Format(p PNS) string {
	return fmt.Sprintf("%s%s%d%03d", p.BirthDate.Format("20060102"), p.Appointed.Format("200601"), int(p.Sex), p.Sequence)
}

// num converts a run of ASCII digits to an int.
func num(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
