package main

import (
	"math/rand/v2"
	"strconv"
	"time"
)

// Job types of positions and the share of employees holding each, per
// thousand.
var jobTypes = []struct {
	name      string
	positions int // positions of this type per agency
	permille  int // employees per thousand
	golongan  []string
}{
	{"JPT_PRATAMA", 2, 3, []string{"IV_B", "IV_C", "IV_D"}},
	{"ADMINISTRATOR", 4, 22, []string{"III_D", "IV_A", "IV_B"}},
	{"PENGAWAS", 6, 95, []string{"III_B", "III_C", "III_D"}},
	{"FUNGSIONAL", 8, 400, []string{"III_A", "III_B", "III_C", "III_D", "IV_A"}},
	{"PELAKSANA", 5, 480, []string{"II_A", "II_B", "II_C", "II_D", "III_A", "III_B"}},
}

// routeForms pairs each development route with some of its forms.
var routeForms = []struct{ route, form string }{
	{"CLASSICAL", "LEADERSHIP_TRAINING"}, {"CLASSICAL", "MANAGERIAL_TRAINING"},
	{"CLASSICAL", "TECHNICAL_TRAINING"}, {"CLASSICAL", "FUNCTIONAL_TRAINING"},
	{"CLASSICAL", "SEMINAR"}, {"CLASSICAL", "WORKSHOP"}, {"CLASSICAL", "BIMTEK"},
	{"NON_CLASSICAL", "E_LEARNING"}, {"NON_CLASSICAL", "COACHING"},
	{"NON_CLASSICAL", "MENTORING"}, {"NON_CLASSICAL", "DISTANCE_LEARNING"},
	{"EDUCATION", "IZIN_BELAJAR"},
}

var (
	provinces = []string{"Aceh", "Sumatera Utara", "Sumatera Barat", "Riau", "Jambi", "Sumatera Selatan",
		"Bengkulu", "Lampung", "Banten", "Jawa Barat", "Jawa Tengah", "Jawa Timur", "Bali",
		"Nusa Tenggara Barat", "Nusa Tenggara Timur", "Kalimantan Barat", "Kalimantan Timur",
		"Sulawesi Selatan", "Sulawesi Utara", "Maluku", "Papua"}
	places = []string{"Kemuning", "Alak", "Plaju", "Marelan", "Kalianda", "Sukamaju", "Tanjung Sari",
		"Batu Ampar", "Sungai Raya", "Karang Anyar", "Bukit Tinggi", "Pasir Putih", "Rawa Indah",
		"Sidomulyo", "Mekarsari", "Lubuk Alung", "Teluk Betung", "Kota Baru"}
	unitNames = []string{"Sekretariat", "Bidang Perencanaan", "Bidang Pelayanan", "Bidang Pengembangan",
		"Bidang Pengawasan", "Bidang Keuangan", "Bidang Aset", "Bidang Kepegawaian", "UPT Pelatihan",
		"Bagian Umum", "Bagian Hukum", "Bagian Organisasi"}
	givenMale = []string{"Agus", "Bambang", "Budi", "Joko", "Slamet", "Wahyu", "Eko", "Hadi", "Asep", "Dadang",
		"Roy", "Hotman", "Made", "Wayan", "Andi", "Muhammad", "Ahmad", "Rizki", "Fajar", "Yusuf"}
	givenFemale = []string{"Sri", "Endang", "Siti", "Dewi", "Rina", "Wulan", "Euis", "Neneng", "Ni Luh",
		"Kadek", "Nur", "Fitri", "Ayu", "Putri", "Rosmawati", "Maria", "Indah", "Yuli"}
	surnames = []string{"Setiawan", "Santoso", "Prasetyo", "Wibowo", "Nugroho", "Siregar", "Nasution",
		"Harahap", "Lubis", "Hidayat", "Permana", "Gunawan", "Saputra", "Kurniawan", "Wijaya", "Rahayu",
		"Lestari", "Handayani", "Suryana", "Pratama", "Hasibuan", "Sinaga", "Mahendra", "Putra"}
	technicalNames = []string{"Perencanaan Anggaran", "Pengadaan Barang dan Jasa", "Pengelolaan Aset",
		"Analisis Kebijakan", "Pelayanan Publik", "Manajemen Kepegawaian", "Audit Internal",
		"Statistik Sektoral", "Tata Kelola Arsip", "Sistem Informasi", "Penyuluhan Pertanian",
		"Kesehatan Masyarakat", "Pengawasan Bangunan", "Perpajakan Daerah", "Hukum Administrasi"}
	managerialNames = []string{"Integritas", "Kerja Sama", "Komunikasi", "Orientasi pada Hasil",
		"Pelayanan Publik", "Pengembangan Diri dan Orang Lain", "Mengelola Perubahan", "Pengambilan Keputusan"}
	partnerKinds = []string{"UNIVERSITY", "TRAINING_INSTITUTE", "GOVERNMENT", "PROFESSIONAL_BODY", "PRIVATE"}
	needSources  = []string{"EMPLOYEE", "SUPERVISOR", "FORUM", "SURVEY", "GAP_ANALYSIS"}
	priorities   = []string{"LOW", "MEDIUM", "HIGH", "CRITICAL"}
	assessSrc    = []string{"SELF", "SUPERVISOR", "ASSESSMENT_CENTER", "TRAINING"}
	pppkGrades   = []string{"PPPK_V", "PPPK_VII", "PPPK_IX", "PPPK_X", "PPPK_XI"}
)

// Number of technical competencies in the dictionary; the eight
// managerial ones and one sociocultural one come before them.
const technicalCompetencies = 51

// position is a position of an agency and its competency standard.
type position struct {
	id      int64
	jobType int   // index into jobTypes
	comps   []int // indexes into world.comps of the required competencies
	levels  []int // required levels, parallel to comps
}

// agency is one regional government with its units and positions.
type agency struct {
	id          int64
	code        string
	firstUnit   int64 // id of the root unit; the others follow it
	units       int
	positions   []position
	byType      [][]int // positions of each job type (indexes into positions)
	firstEmp    int     // index of its first employee
	employees   int
	firstPlanID int64
}

// competency is an entry of the dictionary.
type competency struct {
	id   int64
	code string
	name string
	typ  string
}

// program is a catalogue program.
type program struct {
	id       int64
	code     string
	title    string
	rf       int // index into routeForms
	jp       float64
	days     int
	partners []int // indexes into world.partners
	comps    []int
}

// session is a scheduled run of a program.
type session struct {
	id       int64
	program  int
	partner  int // index into world.partners, -1 for none
	start    time.Time
	end      time.Time
	status   string
	capacity int
}

// world holds the small tables, built in memory before the load; the
// per-employee tables are generated in chunks from it.
type world struct {
	seed      uint64
	now       time.Time
	years     [3]int
	n         int
	agencies  []agency
	comps     []competency
	partners  []int64
	programs  []program
	sessions  []session
	plansPer  int // plans per agency (one per year)
	ids       map[string]int64
	unitsN    int
	posN      int
	posCompsN int
}

// newWorld builds the small tables for n employees.
func newWorld(n int, seed uint64, now time.Time, starts map[string]int64) *world {
	w := &world{seed: seed, now: now, n: n, ids: starts, plansPer: 3}
	y := now.Year()
	w.years = [3]int{y - 2, y - 1, y}
	r := rand.New(rand.NewPCG(seed, 1))

	// The dictionary.
	cid := starts["competencies"]
	for i, name := range managerialNames {
		cid++
		w.comps = append(w.comps, competency{cid, "M." + two(i+1), name, "MANAGERIAL"})
	}
	cid++
	w.comps = append(w.comps, competency{cid, "S.01", "Perekat Bangsa", "SOCIOCULTURAL"})
	for i := range technicalCompetencies {
		cid++
		name := technicalNames[i%len(technicalNames)]
		if i >= len(technicalNames) {
			name += " " + strconv.Itoa(i/len(technicalNames)+1)
		}
		w.comps = append(w.comps, competency{cid, "T." + two(i+1), name, "TECHNICAL"})
	}

	// Agencies, units and positions.
	na := max(5, n/2000)
	uid, pid := starts["units"], starts["positions"]
	for a := range na {
		first := a * n / na
		emp := (a+1)*n/na - first
		ag := agency{id: starts["agencies"] + int64(a) + 1, code: "A" + pad(a+1, 4), firstEmp: first, employees: emp}
		ag.units = 4 + emp/100
		ag.firstUnit = uid + 1
		uid += int64(ag.units)
		ag.byType = make([][]int, len(jobTypes))
		for jt, spec := range jobTypes {
			for range spec.positions {
				pid++
				p := position{id: pid, jobType: jt}
				// Three managerial, the sociocultural and two technical
				// competencies, without repeats.
				m := r.Perm(len(managerialNames))[:3]
				p.comps = append(p.comps, m...)
				p.comps = append(p.comps, len(managerialNames))
				t1 := r.IntN(technicalCompetencies)
				t2 := (t1 + 1 + r.IntN(technicalCompetencies-1)) % technicalCompetencies
				p.comps = append(p.comps, len(managerialNames)+1+t1, len(managerialNames)+1+t2)
				for range p.comps {
					p.levels = append(p.levels, 2+r.IntN(3))
				}
				ag.byType[jt] = append(ag.byType[jt], len(ag.positions))
				ag.positions = append(ag.positions, p)
				w.posCompsN += len(p.comps)
			}
		}
		w.unitsN += ag.units
		w.posN += len(ag.positions)
		ag.firstPlanID = starts["development_plans"] + int64(a*w.plansPer) + 1
		w.agencies = append(w.agencies, ag)
	}

	// Partners and programs.
	np := max(10, n/5000)
	for i := range np {
		w.partners = append(w.partners, starts["partners"]+int64(i)+1)
	}
	nprog := max(40, n/2500)
	for i := range nprog {
		rf := r.IntN(len(routeForms))
		jp := float64(8 * (1 + r.IntN(10)))
		p := program{
			id: starts["programs"] + int64(i) + 1, code: "P" + pad(i+1, 5), rf: rf, jp: jp, days: 1 + int(jp)/8,
			title: technicalNames[r.IntN(len(technicalNames))] + " " + formTitle(routeForms[rf].form) + " " + strconv.Itoa(i+1),
		}
		p.partners = append(p.partners, r.IntN(np))
		if r.IntN(3) == 0 {
			if q := r.IntN(np); q != p.partners[0] {
				p.partners = append(p.partners, q)
			}
		}
		c1 := r.IntN(len(w.comps))
		p.comps = []int{c1, (c1 + 1 + r.IntN(len(w.comps)-1)) % len(w.comps)}
		w.programs = append(w.programs, p)
	}

	// Sessions: about 30 enrollments each over the three years.
	ns := max(nprog, (8*n+29)/30)
	sid := starts["sessions"]
	yearStart := time.Date(w.years[0], 1, 1, 0, 0, 0, 0, time.UTC)
	span := int(time.Date(w.years[2]+1, 1, 1, 0, 0, 0, 0, time.UTC).Sub(yearStart).Hours() / 24)
	for i := range ns {
		sid++
		pi := i % nprog
		p := &w.programs[pi]
		start := yearStart.AddDate(0, 0, r.IntN(span-30)).Add(time.Duration(7+r.IntN(3)) * time.Hour)
		end := start.AddDate(0, 0, p.days).Add(-time.Hour)
		s := session{id: sid, program: pi, partner: p.partners[r.IntN(len(p.partners))], start: start, end: end, capacity: 30 + r.IntN(11)}
		switch {
		case r.IntN(50) == 0:
			s.status = "CANCELLED"
		case end.Before(now):
			s.status = "COMPLETED"
		case start.Before(now):
			s.status = "ONGOING"
		case start.Before(now.AddDate(0, 0, 90)):
			s.status = "OPEN"
		default:
			s.status = "PLANNED"
		}
		w.sessions = append(w.sessions, s)
	}
	return w
}

// two formats i with two digits.
func two(i int) string { return pad(i, 2) }

// pad formats i with at least width digits.
func pad(i, width int) string {
	s := strconv.Itoa(i)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

// formTitle names a program form in Indonesian.
func formTitle(form string) string {
	switch form {
	case "LEADERSHIP_TRAINING":
		return "Pelatihan Kepemimpinan"
	case "MANAGERIAL_TRAINING":
		return "Pelatihan Manajerial"
	case "E_LEARNING":
		return "E-Learning"
	case "BIMTEK":
		return "Bimbingan Teknis"
	case "IZIN_BELAJAR":
		return "Izin Belajar"
	default:
		return "Pelatihan"
	}
}

// agencyOf returns the agency of employee e (agencies hold contiguous
// employee ranges).
func (w *world) agencyOf(e int) *agency {
	a := int((int64(e)*int64(len(w.agencies)) + int64(len(w.agencies)) - 1) / int64(w.n))
	a = min(a, len(w.agencies)-1)
	for a > 0 && w.agencies[a].firstEmp > e {
		a--
	}
	for a+1 < len(w.agencies) && w.agencies[a+1].firstEmp <= e {
		a++
	}
	return &w.agencies[a]
}
