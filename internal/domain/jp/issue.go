package jp

import "time"

// IssuedCertificate returns the number of the certificate Kembang issues
// when the enrollment with the given row number is completed at the given
// time: DefaultCertificatePrefix/YYYY/NNNNNN ([Certificate]), where YYYY
// is the year of completion in Western Indonesian Time (WIB, the ledger's
// time, see [LedgerYear]) and NNNNNN the row number of the enrollment in
// its table, zero-padded to six digits, e.g. KMB/2026/000123.
//
// Row numbers are never reused, so two enrollments never get the same
// number whatever their years: numbers are unique by construction, with no
// counter to keep. Numbers written by other means (imported history) must
// not use the KMB prefix with a sequence other than the row number, or
// they may collide. It fails with [ErrCertificateNumber] for a row number
// outside 1 to [MaxSequence].
func IssuedCertificate(row int, completedAt time.Time) (string, error) {
	return CertificateNumber(DefaultCertificatePrefix, completedAt.In(WIB).Year(), row)
}
