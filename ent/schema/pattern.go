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
)

// routeForms maps each development route (jalur) to its forms (bentuk),
// after Peraturan LAN 10/2018.
// It is a slice, not a map, so that generated enums keep a stable order.
var routeForms = []struct {
	route string
	forms []string
}{
	{"EDUCATION", []string{"TUGAS_BELAJAR", "IZIN_BELAJAR"}},
	{"CLASSICAL", []string{
		"LEADERSHIP_TRAINING", "MANAGERIAL_TRAINING", "TECHNICAL_TRAINING", "FUNCTIONAL_TRAINING",
		"SOCIOCULTURAL_TRAINING", "SEMINAR", "WORKSHOP", "COURSE", "PENATARAN", "BIMTEK", "SOCIALIZATION",
	}},
	{"NON_CLASSICAL", []string{
		"COACHING", "MENTORING", "E_LEARNING", "DISTANCE_LEARNING", "SECONDMENT", "OUTDOOR_LEARNING",
		"BENCHMARKING", "EXCHANGE", "SELF_STUDY", "COMMUNITY_OF_PRACTICE", "ON_THE_JOB", "INTERNSHIP",
	}},
}
