package jp

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"kembang/internal/domain/phrase"
)

// Limits of certificate numbers; see [Certificate] for the format.
const (
	// DefaultCertificatePrefix is the prefix of numbers Kembang issues.
	DefaultCertificatePrefix = "KMB"
	// MaxPrefixLen is the longest certificate prefix.
	MaxPrefixLen = 16
	// MaxSequence is the largest sequence number.
	MaxSequence = 999_999_999
	// seqWidth is the minimum number of sequence digits.
	seqWidth = 6
)

// ErrCertificateNumber is returned, wrapped with detail, for a malformed
// certificate number or invalid parts. Its message is safe to show to API
// clients.
var ErrCertificateNumber = errors.New("certificate number must look like KMB/2026/000123 (prefix/year/sequence)")

// Certificate holds the parts of a certificate number. The numbers Kembang
// issues on completion read PREFIX/YYYY/NNNNNN, e.g. KMB/2026/000123:
//
//   - PREFIX: 1 to 16 characters, upper-case letters A-Z, digits and
//     hyphens, starting with a letter and not ending with a hyphen; it
//     names the issuer ([DefaultCertificatePrefix] unless an agency sets
//     its own, e.g. KMB-JTG).
//   - YYYY: the year of completion, 1900 to 9999.
//   - NNNNNN: a sequence from 1 to 999999999 within the prefix and year,
//     zero-padded to at least 6 digits, never with extra leading zeros.
//
// A number is unique when the issuer never reuses a sequence within a
// prefix and year. Every number has exactly one spelling, so equal
// certificates have equal strings.
type Certificate struct {
	Prefix string
	Year   int
	Seq    int
}

// String returns the certificate number, e.g. KMB/2026/000123. It does not
// validate the parts; see [Certificate.Validate].
func (c Certificate) String() string {
	return fmt.Sprintf("%s/%04d/%0*d", c.Prefix, c.Year, seqWidth, c.Seq)
}

// Validate reports whether c's parts make a valid certificate number.
func (c Certificate) Validate() error {
	if err := checkPrefix(c.Prefix); err != nil {
		return err
	}
	// The year part is the ledger year of the completion (see [IssuedCertificate]).
	if c.Year < MinLedgerYear || c.Year > MaxLedgerYear {
		return phrase.Errorf("%w: year %d is not between %d and %d", ErrCertificateNumber, c.Year, MinLedgerYear, MaxLedgerYear)
	}
	if c.Seq < 1 || c.Seq > MaxSequence {
		return phrase.Errorf("%w: sequence %d is not between 1 and %d", ErrCertificateNumber, c.Seq, MaxSequence)
	}
	return nil
}

// CertificateNumber returns the certificate number with the given parts,
// e.g. CertificateNumber("KMB", 2026, 123) is "KMB/2026/000123", or an
// error wrapping [ErrCertificateNumber] when a part is invalid.
func CertificateNumber(prefix string, year, seq int) (string, error) {
	c := Certificate{Prefix: prefix, Year: year, Seq: seq}
	if err := c.Validate(); err != nil {
		return "", err
	}
	return c.String(), nil
}

// ParseCertificateNumber parses a certificate number in its one canonical
// spelling: ParseCertificateNumber(c.String()) returns c for every valid c,
// and every number it accepts is the String of what it returns. It does not
// trim space or fold case.
func ParseCertificateNumber(s string) (Certificate, error) {
	prefix, rest, ok := strings.Cut(s, "/")
	if !ok {
		return Certificate{}, phrase.Errorf("%w: no slash after the prefix", ErrCertificateNumber)
	}
	year, seq, ok := strings.Cut(rest, "/")
	if !ok {
		return Certificate{}, phrase.Errorf("%w: no slash after the year", ErrCertificateNumber)
	}
	if err := checkPrefix(prefix); err != nil {
		return Certificate{}, err
	}
	if len(year) != 4 || !digits(year) {
		return Certificate{}, phrase.Errorf("%w: the year must be 4 digits", ErrCertificateNumber)
	}
	if len(seq) < seqWidth || len(seq) > len(strconv.Itoa(MaxSequence)) || !digits(seq) {
		return Certificate{}, phrase.Errorf("%w: the sequence must be %d to %d digits", ErrCertificateNumber, seqWidth, len(strconv.Itoa(MaxSequence)))
	}
	if len(seq) > seqWidth && seq[0] == '0' {
		return Certificate{}, phrase.Errorf("%w: the sequence has extra leading zeros", ErrCertificateNumber)
	}
	y, _ := strconv.Atoi(year)
	n, _ := strconv.Atoi(seq)
	c := Certificate{Prefix: prefix, Year: y, Seq: n}
	if err := c.Validate(); err != nil {
		return Certificate{}, err
	}
	return c, nil
}

// checkPrefix validates a certificate prefix.
func checkPrefix(p string) error {
	if p == "" || len(p) > MaxPrefixLen {
		return phrase.Errorf("%w: the prefix must be 1 to %d characters", ErrCertificateNumber, MaxPrefixLen)
	}
	if p[0] < 'A' || p[0] > 'Z' {
		return phrase.Errorf("%w: the prefix must start with a letter A-Z", ErrCertificateNumber)
	}
	if p[len(p)-1] == '-' {
		return phrase.Errorf("%w: the prefix must not end with a hyphen", ErrCertificateNumber)
	}
	for i := 0; i < len(p); i++ {
		c := p[i]
		if (c < 'A' || c > 'Z') && (c < '0' || c > '9') && c != '-' {
			return phrase.Errorf("%w: the prefix may hold only letters A-Z, digits and hyphens", ErrCertificateNumber)
		}
	}
	return nil
}

// digits reports whether s is all ASCII digits.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
