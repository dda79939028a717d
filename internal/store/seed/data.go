package seed

// The tables below are the only package-level data. Lists inside a string
// are separated by "|" (alternatives to pick from) or spaces (tokens);
// "-" stands for "nothing" in an alternative list, so "-|-|S.E." gives
// a degree one time in three.

// agencySpec describes one agency (instansi) and the people living there.
type agencySpec struct {
	code, name, region string
	domain             string // e-mail domain
	districts          string // kecamatan names, "|" separated
	mix                string // name groups and weights, e.g. "jawa:30 melayu:35"
}

var agencySpecs = []agencySpec{
	{"KMN", "Pemerintah Kabupaten Kemuning", "Kabupaten Kemuning, Provinsi Sumatera Selatan", "kemuningkab.go.id",
		"Kemuning Barat|Sukajadi|Talang Kelapa", "melayu:35 jawa:30 sunda:10 minang:10 batak:8 bugis:4 bali:3"},
	{"ALK", "Pemerintah Kota Alak", "Kota Alak, Provinsi Nusa Tenggara Timur", "alakkota.go.id",
		"Alak|Namosain|Penkase Oeleta", "timor:50 jawa:15 bali:10 bugis:10 melayu:5 batak:5 sunda:5"},
	{"PLJ", "Pemerintah Kota Plaju", "Kota Plaju, Provinsi Sumatera Selatan", "plajukota.go.id",
		"Plaju Ilir|Bagus Kuning|Talang Putri", "melayu:40 jawa:30 minang:10 sunda:8 batak:7 bugis:5"},
	{"MRL", "Pemerintah Kota Marelan", "Kota Marelan, Provinsi Sumatera Utara", "marelankota.go.id",
		"Medan Marelan|Labuhan Deli|Rengas Pulau", "batak:40 melayu:25 jawa:20 minang:10 sunda:5"},
	{"KLD", "Pemerintah Kabupaten Kalianda", "Kabupaten Kalianda, Provinsi Lampung", "kaliandakab.go.id",
		"Kalianda|Rajabasa|Way Urang", "jawa:35 melayu:25 sunda:15 bali:10 minang:8 batak:7"},
}

// unitSpec describes a work unit and its managerial positions. In a
// per-district unit "%s" stands for the district name.
type unitSpec struct {
	code, name, parent string
	kind               int    // unitCore, unitOptional or unitDistrict
	head               string // title of the head ("%s" = unit name)
	headJob            string
	deputy             string // ADMINISTRATOR below the head, "" for none
	sections           string // PENGAWAS titles, "|" separated, unit name appended
	staff              string // staff position keys, space separated; repeats weigh
	tech               string // technical competencies of the managerial standards
	edu                edu    // education of managers
	weight             int    // relative head count of staff
}

// Kinds of unit: always present, present in some agencies, one per district.
const (
	unitCore = iota
	unitOptional
	unitDistrict
)

var unitSpecs = []unitSpec{
	{"SETDA", "Sekretariat Daerah", "", unitCore, "Sekretaris Daerah", "JPT_PRATAMA", "Kepala Bagian Umum %s",
		"Kepala Subbagian Tata Usaha Pimpinan|Kepala Subbagian Rumah Tangga", "ak1 ak2 ars pbj adm adm pdi", "T.03 T.09", eduGeneral, 3},
	{"BAGORG", "Bagian Organisasi", "SETDA", unitCore, "Kepala %s", "ADMINISTRATOR", "",
		"Kepala Subbagian Kelembagaan dan Analisis Jabatan", "ak1 ak2 adm", "T.03 T.04", eduGeneral, 1},
	{"DINKES", "Dinas Kesehatan", "", unitCore, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Subbagian Umum dan Kepegawaian|Kepala Seksi Pelayanan Kesehatan Primer", "dok per per1 bid epi adm pdi", "T.05 T.01", eduHealth, 5},
	{"PKM", "UPTD Puskesmas %s", "DINKES", unitDistrict, "Kepala %s", "PENGAWAS", "",
		"", "dok per per per1 per3 bid bid2 adm", "T.05", eduHealth, 3},
	{"DISDIK", "Dinas Pendidikan", "", unitCore, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Subbagian Umum dan Kepegawaian|Kepala Seksi Kurikulum Sekolah Dasar", "gur1 gur1 gur2 gur2 gur3 pkt adm", "T.11 T.01", eduTeacher, 7},
	{"BKPSDM", "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", "", unitCore, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Subbagian Umum dan Kepegawaian|Kepala Subbidang Pengembangan Kompetensi", "sdm1 sdm1 sdm2 pk1 ars adm pdi", "T.04 T.07", eduGeneral, 3},
	{"BAPPEDA", "Badan Perencanaan Pembangunan Daerah", "", unitCore, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Subbagian Perencanaan dan Keuangan|Kepala Subbidang Data dan Evaluasi", "ren1 ren2 ren3 sta adm pdi", "T.02 T.07 T.03", eduPlanner, 2},
	{"DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", "", unitOptional, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Seksi Identitas Penduduk|Kepala Seksi Kelahiran dan Kematian", "adb opl opl adm pdi", "T.10 T.07", eduGeneral, 2},
	{"DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "", unitOptional, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Seksi Pembangunan Jalan|Kepala Subbagian Umum dan Kepegawaian", "tjj1 tjj1 tjj2 pbj adm", "T.12 T.06", eduEngineer, 3},
	{"DISKOMINFO", "Dinas Komunikasi dan Informatika", "", unitOptional, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Seksi Persandian dan Keamanan Informasi|Kepala Seksi Statistik Sektoral", "pk1 pk2 pkt sta hum adm", "T.07 T.08", eduIT, 2},
	{"BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "", unitOptional, "Kepala %s", "JPT_PRATAMA", "Sekretaris %s",
		"Kepala Subbidang Akuntansi|Kepala Subbidang Perbendaharaan", "akd1 akd1 akd2 bend bend adm", "T.01 T.06", eduFinance, 3},
	{"KEC", "Kecamatan %s", "", unitDistrict, "Camat %s", "ADMINISTRATOR", "",
		"Kepala Seksi Pemerintahan|Kepala Seksi Pelayanan Umum", "opl adm adm pdi ak1", "T.10 T.03", eduGeneral, 2},
}

// edu lists the name prefixes, bachelor's and master's degrees usual in
// a job, each as "|" alternatives.
type edu struct{ prefix, bachelor, master string }

var (
	eduGeneral  = edu{"-", "S.Sos.|S.IP.|S.H.|S.E.|S.AP.|S.STP.", "M.Si.|M.M.|M.AP.|M.H."}
	eduHealth   = edu{"dr.|dr.|-", "S.KM.|S.Kep.", "M.Kes.|M.KM.|M.Kes."}
	eduTeacher  = edu{"-", "S.Pd.|S.Pd.|S.Pd.I.|S.Si.", "M.Pd.|M.Pd.|M.Si."}
	eduPlanner  = edu{"-", "S.E.|S.T.|S.P.|S.Si.", "M.Si.|M.T.|M.E."}
	eduEngineer = edu{"Ir.|-|-", "S.T.", "M.T.|M.Eng."}
	eduIT       = edu{"-", "S.Kom.|S.T.|S.Si.", "M.Kom.|M.T.|M.TI."}
	eduFinance  = edu{"-", "S.E.|S.Ak.|S.E.", "M.Ak.|M.M.|M.Si."}
	eduDiploma  = edu{"-", "A.Md.|A.Md.|-", ""}
	eduClerk    = edu{"-", "-|-|-|S.E.|A.Md.|S.Sos.", ""}
	eduTrainer  = edu{"Dr.|-|-", "S.Sos.|S.E.|S.T.|S.Pd.|S.H.", "M.Si.|M.M.|M.Pd.|M.T.|M.AP."}
)

// staffSpec describes a non-managerial position, defined once per agency.
type staffSpec struct {
	key, title string
	job, grade string // FUNGSIONAL with a grade, or PELAKSANA
	tech       string // technical competencies of the standard
	edu        edu
	pppk       bool // may be held by PPPK staff
}

var staffSpecs = []staffSpec{
	{"ak1", "Analis Kebijakan Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.03", eduGeneral, false},
	{"ak2", "Analis Kebijakan Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.03 T.02", eduGeneral, false},
	{"pk1", "Pranata Komputer Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.07 T.08", eduIT, true},
	{"pk2", "Pranata Komputer Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.07 T.08", eduIT, false},
	{"pkt", "Pranata Komputer Terampil", "FUNGSIONAL", "TERAMPIL", "T.07", eduDiploma, true},
	{"ars", "Arsiparis Terampil", "FUNGSIONAL", "TERAMPIL", "T.09", eduDiploma, true},
	{"sdm1", "Analis Sumber Daya Manusia Aparatur Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.04", eduGeneral, false},
	{"sdm2", "Analis Sumber Daya Manusia Aparatur Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.04 T.07", eduGeneral, false},
	{"pbj", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.06", eduFinance, false},
	{"dok", "Dokter Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.05", edu{"dr.", "-", ""}, true},
	{"epi", "Epidemiolog Kesehatan Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.05 T.07", edu{"-", "S.KM.", "M.Epid.|M.KM."}, false},
	{"per", "Perawat Terampil", "FUNGSIONAL", "TERAMPIL", "T.05", edu{"-", "A.Md.Kep.", ""}, true},
	{"per1", "Perawat Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.05", edu{"Ns.", "S.Kep.", ""}, true},
	{"per3", "Perawat Penyelia", "FUNGSIONAL", "PENYELIA", "T.05", edu{"-", "A.Md.Kep.", ""}, false},
	{"bid", "Bidan Terampil", "FUNGSIONAL", "TERAMPIL", "T.05", edu{"-", "A.Md.Keb.", ""}, true},
	{"bid2", "Bidan Mahir", "FUNGSIONAL", "MAHIR", "T.05", edu{"-", "A.Md.Keb.", ""}, true},
	{"gur1", "Guru Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.11", eduTeacher, true},
	{"gur2", "Guru Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.11", eduTeacher, true},
	{"gur3", "Guru Ahli Madya", "FUNGSIONAL", "AHLI_MADYA", "T.11", eduTeacher, false},
	{"ren1", "Perencana Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.02", eduPlanner, false},
	{"ren2", "Perencana Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.02 T.07", eduPlanner, false},
	{"ren3", "Perencana Ahli Madya", "FUNGSIONAL", "AHLI_MADYA", "T.02 T.03", eduPlanner, false},
	{"sta", "Statistisi Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.07", edu{"-", "S.Si.|S.Stat.", ""}, true},
	{"adb", "Administrator Database Kependudukan Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.10 T.07", eduIT, false},
	{"tjj1", "Teknik Jalan dan Jembatan Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.12", eduEngineer, true},
	{"tjj2", "Teknik Jalan dan Jembatan Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.12 T.06", eduEngineer, false},
	{"akd1", "Analis Keuangan Pusat dan Daerah Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.01", eduFinance, false},
	{"akd2", "Analis Keuangan Pusat dan Daerah Ahli Muda", "FUNGSIONAL", "AHLI_MUDA", "T.01 T.06", eduFinance, false},
	{"hum", "Pranata Hubungan Masyarakat Ahli Pertama", "FUNGSIONAL", "AHLI_PERTAMA", "T.07", edu{"-", "S.I.Kom.|S.Sos.", ""}, true},
	{"adm", "Pengadministrasi Perkantoran", "PELAKSANA", "", "T.09", eduClerk, true},
	{"pdi", "Pengolah Data dan Informasi", "PELAKSANA", "", "T.07", eduClerk, true},
	{"opl", "Operator Layanan Operasional", "PELAKSANA", "", "T.10", eduClerk, true},
	{"bend", "Bendahara", "PELAKSANA", "", "T.01", edu{"-", "S.E.|A.Md.|S.Ak.", ""}, false},
}

// band holds what follows from a job type and functional grade: ranks,
// ages, years of service, the minimum managerial level of the standard
// (domain.md; functional grades are this project's assumption) and the
// level of its technical competencies.
type band struct {
	key              string // job type, or functional grade for FUNGSIONAL
	golMin, golMax   int    // index into pnsRanks
	pppkMin, pppkMax int    // PPPK grade, 1 to 17
	ageMin, ageMax   int
	service          int // minimum years since TMT CPNS
	minAppoint       int // minimum age at TMT CPNS
	level, techLevel int
	masters          float64 // share holding a master's degree
}

var bands = []band{
	{"JPT_MADYA", 15, 16, 0, 0, 48, 58, 22, 22, 5, 5, 0.95},
	{"JPT_PRATAMA", 13, 14, 0, 0, 45, 58, 18, 22, 4, 4, 0.9},
	{"ADMINISTRATOR", 11, 13, 0, 0, 38, 56, 12, 22, 3, 3, 0.6},
	{"PENGAWAS", 10, 12, 0, 0, 32, 56, 8, 22, 2, 3, 0.3},
	{"AHLI_UTAMA", 15, 16, 13, 13, 50, 58, 22, 22, 4, 5, 0.9},
	{"AHLI_MADYA", 12, 14, 11, 11, 42, 58, 15, 22, 3, 4, 0.7},
	{"AHLI_MUDA", 10, 11, 10, 10, 32, 56, 8, 22, 2, 3, 0.25},
	{"AHLI_PERTAMA", 8, 9, 9, 9, 23, 45, 0, 22, 1, 2, 0.05},
	{"PENYELIA", 10, 11, 8, 8, 40, 58, 15, 20, 2, 3, 0},
	{"MAHIR", 8, 9, 7, 8, 30, 55, 6, 20, 1, 2, 0},
	{"TERAMPIL", 6, 7, 7, 7, 22, 50, 0, 20, 1, 2, 0},
	{"PEMULA", 4, 5, 5, 5, 22, 45, 0, 18, 1, 1, 0},
	{"PELAKSANA", 4, 9, 5, 7, 22, 58, 0, 18, 1, 1, 0},
}

// pnsRanks are the golongan/ruang codes in order; romans spell PPPK
// grades and cohort numbers.
const (
	pnsRanks = "I_A I_B I_C I_D II_A II_B II_C II_D III_A III_B III_C III_D IV_A IV_B IV_C IV_D IV_E"
	romans   = "I II III IV V VI VII VIII IX X XI XII XIII XIV XV XVI XVII"
)

// nameGroup holds given names and surnames of one naming tradition.
type nameGroup struct {
	key                        string
	malePrefix, femalePrefix   string // "|" alternatives
	male, female               string // given names, space separated
	maleSurname, femaleSurname string // surnames; femaleSurname "" = shared
}

var nameGroups = []nameGroup{
	{"jawa", "-", "-",
		"Agus Bambang Budi Joko Slamet Wahyu Eko Dwi Tri Hadi Sugeng Teguh Aris Yudi Heru Andri Bayu Dimas Fajar Rudi",
		"Sri Endang Siti Dewi Rina Wulan Ratna Yuli Dyah Retno Ayu Indah Nining Tutik Puji Anik",
		"Setiawan Santoso Prasetyo Wibowo Nugroho Susanto Purnomo Hartono Widodo Saputro Kurniawan Hermawan Suryanto Wijaya",
		"Wahyuni Lestari Rahayu Susanti Handayani Purwaningsih Widyastuti Kusumawati Astuti Mulyani Utami Hastuti Rahmawati"},
	{"sunda", "-", "-",
		"Asep Ujang Dadang Cecep Yayan Deden Iwan Dede Ahmad Wawan Entis Ade",
		"Euis Neneng Iis Lilis Cucu Teti Nenden Rini Imas Yeni",
		"Sunandar Hidayat Permana Suryana Gunawan Kusnadi Ruhiyat Saepudin Mulyana Sopandi",
		"Nurhayati Rahmawati Komalasari Sumiati Maryati Kurniasih Sulastri Nurjanah"},
	{"batak", "-", "-",
		"Roy Hotman Parlindungan Maruli Tigor Bonar Sahat Jonri Hendra Rudolf Martua Binsar",
		"Rosmawati Tiurma Rugun Maria Debora Nurhasanah Sondang Rosalina Yanti Lasma",
		"Siregar Nasution Simanjuntak Harahap Sitompul Panjaitan Hutapea Lubis Pardede Sinaga Hutagalung Tampubolon Situmorang Pohan",
		""},
	{"minang", "-", "-",
		"Fadli Rizal Irwan Yusrizal Zulkifli Afrizal Hendri Edwar Syafri Novri",
		"Yulia Rahmi Fitri Nurul Yusniar Desi Elvi Silvia Zulfa Mardiah",
		"Putra Syahputra Gusnadi Chaniago Piliang Tanjung Sikumbang Koto",
		"Putri Andriani Yanti Oktaviani Novita Chaniago Tanjung Rahmadani"},
	{"bugis", "Andi|-|-", "Andi|-|-",
		"Arifuddin Syamsul Baharuddin Muhammad Ilham Akbar Jusman Rusdi Amiruddin Firman",
		"Hasnah Nurhaeda Sitti Hasmawati Asriani Haslinda Sumarni Nurfadillah",
		"Mappaseng Latif Pawennari Rahman Mappiare Sulaiman Hamzah Tahir Basri Rasyid",
		""},
	{"bali", "I Wayan|I Made|I Nyoman|I Ketut|I Putu|I Gede|I Komang", "Ni Wayan|Ni Made|Ni Nyoman|Ni Ketut|Ni Putu|Ni Luh|Ni Komang",
		"Agus Eka Adi Bagus Dwi Gede",
		"Ayu Sri Eka Dewi Putu",
		"Sudarsana Artawan Suastika Mahendra Wirawan Adnyana Sutama Budiarta Wiguna Arsana",
		"Ariani Wulandari Sukmawati Suryani Puspitasari Astiti Widiantari Sudarmini"},
	{"melayu", "-", "-",
		"Muhammad Ahmad Rahmat Rizky Fauzan Hendra Syahrial Zainal Ridwan Taufik Arief Yusuf",
		"Nur Siti Aisyah Fitriani Rahma Nurul Maya Annisa Dian Meilani Zahra Khairunnisa",
		"Fauzi Hidayat Saputra Ramadhan Firdaus Hakim Pratama Maulana Syahputra Akbar",
		"Aisyah Fitriani Rahmadani Safitri Wulandari Sari Anggraini Puspita Ramadhani"},
	{"timor", "-", "-",
		"Yohanis Marthen Fransiskus Petrus Yosef Alfons Stefanus Daniel Obed Yakobus",
		"Maria Yuliana Agustina Margaretha Theresia Veronika Yuliana Ester Adriana",
		"Manafe Ndun Lakapu Sinlae Tefa Nubatonis Bessie Dethan Pello Fanggidae Lay Amalo",
		""},
}

// compSpec is one competency of the dictionary. Managerial and
// sociocultural competencies carry their level descriptions
// (PermenPANRB 38/2017, abridged); technical ones are described from
// the levelTemplates with their focus.
type compSpec struct {
	code, name, kind string
	focus            string // noun phrase used in generated text
	desc             string
	levels           [5]string
}

var compSpecs = []compSpec{
	{"M.01", "Integritas", "MANAGERIAL", "nilai, norma, dan etika organisasi",
		"Konsisten berperilaku selaras dengan nilai, norma, dan etika organisasi, serta jujur dalam hubungan dengan manajemen, rekan kerja, bawahan, dan pemangku kepentingan.",
		[5]string{"Mampu bertindak sesuai nilai, norma, dan etika organisasi dalam kapasitas pribadi.",
			"Mampu mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.",
			"Mampu memastikan dan menanamkan keyakinan bersama agar anggota yang dipimpin bertindak sesuai nilai, norma, dan etika organisasi.",
			"Mampu menciptakan situasi kerja yang membuat rekan kerja patuh pada nilai, norma, dan etika organisasi dalam segala situasi.",
			"Mampu menjadi role model dalam penerapan standar keadilan dan etika di tingkat nasional."}},
	{"M.02", "Kerja Sama", "MANAGERIAL", "kerja sama tim",
		"Kemampuan menjalin, membina, dan mempertahankan hubungan kerja yang efektif, memiliki komitmen saling membantu dalam penyelesaian tugas.",
		[5]string{"Berpartisipasi dalam kelompok kerja.",
			"Menumbuhkan tim kerja yang partisipatif dan efektif.",
			"Efektif membangun tim kerja untuk peningkatan kinerja organisasi.",
			"Membangun komitmen tim dan sinergi lintas unit kerja.",
			"Menciptakan situasi kerja sama yang kondusif di tingkat instansi dan nasional."}},
	{"M.03", "Komunikasi", "MANAGERIAL", "komunikasi organisasi",
		"Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis, dan meyakinkan, disertai argumentasi yang kuat.",
		[5]string{"Menyampaikan informasi dengan jelas, lengkap, dan dengan pemahaman yang sama.",
			"Aktif menjalankan komunikasi formal dan informal serta bersedia mendengarkan orang lain.",
			"Berkomunikasi secara asertif dan terampil menyampaikan informasi yang sensitif atau kompleks.",
			"Mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan.",
			"Menggagas sistem komunikasi yang terbuka secara strategis untuk mencari solusi."}},
	{"M.04", "Orientasi pada Hasil", "MANAGERIAL", "pencapaian target kinerja",
		"Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, dapat diandalkan, bertanggung jawab, dan mampu mengatasi masalah.",
		[5]string{"Bertanggung jawab untuk memenuhi standar kerja.",
			"Berupaya meningkatkan hasil kerja pribadi di atas standar yang ditetapkan.",
			"Menetapkan target kerja yang menantang bagi unit kerja serta memberi apresiasi dan teguran.",
			"Mendorong unit kerja mencapai atau melampaui target yang ditetapkan.",
			"Meningkatkan mutu pencapaian kerja organisasi."}},
	{"M.05", "Pelayanan Publik", "MANAGERIAL", "pelayanan publik",
		"Kemampuan melaksanakan tugas pemerintahan, pembangunan, dan pelayanan publik secara profesional, transparan, dan mengikuti standar pelayanan.",
		[5]string{"Menjalankan tugas pelayanan publik secara sopan, ramah, dan berorientasi pada kepuasan pelanggan.",
			"Mengawasi dan menjelaskan proses pelaksanaan tugas pelayanan publik secara transparan.",
			"Memanfaatkan kekuatan kelompok dan memperbaiki standar pelayanan di lingkup unit kerja.",
			"Memantau, mengevaluasi, dan mengantisipasi dampak isu jangka panjang terhadap pelayanan pemangku kepentingan.",
			"Menciptakan kebijakan yang menjamin pelayanan publik yang objektif, netral, dan tidak diskriminatif."}},
	{"M.06", "Pengembangan Diri dan Orang Lain", "MANAGERIAL", "pengembangan kompetensi",
		"Kemampuan meningkatkan pengetahuan dan menyempurnakan keterampilan diri, serta menginspirasi orang lain untuk mengembangkan dan menyempurnakan pengetahuannya.",
		[5]string{"Mengembangkan diri secara aktif.",
			"Meningkatkan kemampuan bawahan dengan memberi contoh dan penjelasan cara melaksanakan pekerjaan.",
			"Memberikan umpan balik dan membimbing.",
			"Menyusun program pengembangan jangka panjang untuk mendorong manajemen pembelajaran.",
			"Menciptakan situasi yang mendorong organisasi belajar secara berkelanjutan."}},
	{"M.07", "Mengelola Perubahan", "MANAGERIAL", "pengelolaan perubahan",
		"Kemampuan menyesuaikan diri dengan situasi yang baru atau berubah dan tidak bergantung secara berlebihan pada metode dan proses lama.",
		[5]string{"Menyadari perubahan yang terjadi dalam organisasi dan mencoba menyesuaikan diri.",
			"Proaktif beradaptasi mengikuti perubahan.",
			"Membantu orang lain mengikuti perubahan dan mengantisipasi perubahan secara tepat.",
			"Memimpin perubahan pada unit kerja.",
			"Mengelola perubahan yang berdampak luas pada organisasi."}},
	{"M.08", "Pengambilan Keputusan", "MANAGERIAL", "pengambilan keputusan",
		"Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri setelah mempertimbangkan prinsip kehati-hatian.",
		[5]string{"Mengumpulkan informasi untuk bertindak sesuai kewenangan.",
			"Menganalisis masalah secara mendalam.",
			"Membandingkan berbagai alternatif dan menyeimbangkan risiko keberhasilan implementasi.",
			"Menyelesaikan masalah berisiko tinggi, mengantisipasi dampak keputusan, dan memitigasi risiko.",
			"Mengambil keputusan untuk permasalahan strategis jangka panjang yang berdampak nasional."}},
	{"SK.01", "Perekat Bangsa", "SOCIOCULTURAL", "kemajemukan dan persatuan",
		"Kemampuan mempromosikan sikap toleransi, keterbukaan, dan peka terhadap perbedaan individu atau kelompok masyarakat; mampu menjadi perpanjangan tangan pemerintah dalam mempersatukan masyarakat.",
		[5]string{"Peka, memahami, dan menerima kemajemukan.",
			"Aktif mengembangkan sikap saling menghargai serta menekankan persamaan dan persatuan.",
			"Mempromosikan dan mengembangkan sikap toleransi dan persatuan.",
			"Mendayagunakan perbedaan secara konstruktif dan kreatif untuk meningkatkan efektivitas organisasi.",
			"Menjadi wakil pemerintah dalam membangun hubungan sosial psikologis masyarakat."}},
	{"T.01", "Pengelolaan Keuangan Daerah", "TECHNICAL", "pengelolaan keuangan daerah",
		"Penganggaran, penatausahaan, akuntansi, dan pelaporan keuangan daerah sesuai peraturan perundang-undangan.", [5]string{}},
	{"T.02", "Perencanaan Pembangunan", "TECHNICAL", "perencanaan pembangunan daerah",
		"Penyusunan, pengendalian, dan evaluasi dokumen perencanaan pembangunan daerah (RPJMD, Renstra, RKPD).", [5]string{}},
	{"T.03", "Analisis Kebijakan", "TECHNICAL", "analisis kebijakan publik",
		"Kajian dan rekomendasi kebijakan berbasis bukti untuk pengambil keputusan.", [5]string{}},
	{"T.04", "Manajemen ASN", "TECHNICAL", "manajemen ASN",
		"Pengelolaan kepegawaian: formasi, pengembangan kompetensi, kinerja, dan sistem merit.", [5]string{}},
	{"T.05", "Pelayanan Kesehatan Primer", "TECHNICAL", "pelayanan kesehatan primer",
		"Upaya kesehatan perorangan dan masyarakat tingkat pertama di puskesmas dan jejaringnya.", [5]string{}},
	{"T.06", "Pengadaan Barang/Jasa", "TECHNICAL", "pengadaan barang/jasa pemerintah",
		"Perencanaan, pemilihan penyedia, dan pengelolaan kontrak pengadaan barang/jasa pemerintah.", [5]string{}},
	{"T.07", "Tata Kelola Data", "TECHNICAL", "tata kelola data dan statistik sektoral",
		"Pengumpulan, pengolahan, dan pemanfaatan data sektoral sesuai prinsip Satu Data Indonesia.", [5]string{}},
	{"T.08", "Keamanan Informasi", "TECHNICAL", "keamanan informasi",
		"Perlindungan aset informasi dan sistem elektronik pemerintah daerah serta penanganan insiden siber.", [5]string{}},
	{"T.09", "Kearsipan", "TECHNICAL", "pengelolaan arsip",
		"Pengelolaan arsip dinamis dan statis sesuai ketentuan kearsipan nasional.", [5]string{}},
	{"T.10", "Administrasi Kependudukan", "TECHNICAL", "administrasi kependudukan",
		"Pelayanan pendaftaran penduduk dan pencatatan sipil serta pemanfaatan data kependudukan.", [5]string{}},
	{"T.11", "Pengelolaan Pembelajaran", "TECHNICAL", "pengelolaan pembelajaran",
		"Perencanaan, pelaksanaan, dan penilaian pembelajaran sesuai kurikulum yang berlaku.", [5]string{}},
	{"T.12", "Penyelenggaraan Jalan dan Jembatan", "TECHNICAL", "penyelenggaraan jalan dan jembatan",
		"Perencanaan teknis, pelaksanaan, dan pengawasan pembangunan serta pemeliharaan jalan dan jembatan.", [5]string{}},
}

// levelNames are the five proficiency levels.
var levelNames = [5]string{"Paham", "Dasar", "Menengah", "Mumpuni", "Ahli"}

// levelTemplates describe technical levels; "%s" is the focus.
var levelTemplates = [5]string{
	"Memahami konsep dasar %s dan melaksanakan tugas rutin dengan bimbingan.",
	"Melaksanakan %s secara mandiri sesuai prosedur dan ketentuan yang berlaku.",
	"Menganalisis permasalahan %s dan menyusun rekomendasi perbaikan di unit kerja.",
	"Mengembangkan sistem dan standar %s di tingkat instansi serta membimbing pihak lain.",
	"Merumuskan kebijakan strategis %s dan menjadi rujukan di tingkat daerah maupun nasional.",
}

// indicatorTemplates are the behaviour indicators per level, for
// managerial (index 0) and technical (index 1) competencies.
var indicatorTemplates = [2][5]string{
	{
		"Memahami %s dan menerapkannya dalam tugas sendiri|Meminta arahan atasan ketika menghadapi situasi baru|Menunjukkan sikap yang konsisten dalam pekerjaan sehari-hari",
		"Menerapkan %s secara konsisten dalam pekerjaan|Mengajak rekan kerja menerapkan %s",
		"Memastikan %s diterapkan oleh anggota tim yang dipimpin|Memberikan umpan balik kepada bawahan|Menindaklanjuti penyimpangan yang ditemukan",
		"Membangun sistem kerja unit yang mendukung %s|Menjadi teladan %s lintas unit kerja",
		"Merumuskan kebijakan instansi terkait %s|Menjadi role model %s di tingkat nasional|Membangun kolaborasi strategis dengan pemangku kepentingan",
	},
	{
		"Menjelaskan istilah dan ketentuan dasar %s|Mengikuti prosedur kerja dengan arahan atasan|Mencatat dan melaporkan hasil kerja secara tertib",
		"Menerapkan prosedur %s tanpa bimbingan|Mengidentifikasi kesalahan umum dan memperbaikinya",
		"Menganalisis data dan permasalahan %s|Menyusun rekomendasi perbaikan proses|Membimbing rekan kerja yang kurang berpengalaman",
		"Menyusun standar dan pedoman %s tingkat instansi|Menjadi narasumber %s bagi unit lain",
		"Merumuskan kebijakan strategis %s|Membangun jejaring dan kolaborasi tingkat nasional|Menjadi rujukan pakar bagi instansi lain",
	},
}

// partnerSpec describes a partner and its cooperation agreement.
type partnerSpec struct {
	key, name, kind, domain string
	contact                 string // name group of the contact person
	agreement               string // number format; "" = no agreement
	signedMonthsAgo, years  int
}

var partnerSpecs = []partnerSpec{
	{"UKR", "Universitas Kemuning Raya", "UNIVERSITY", "ukr.ac.id", "melayu", "PKS/%03d/UKR-BKPSDM/%d", 20, 5},
	{"PNP", "Politeknik Negeri Plaju", "UNIVERSITY", "polnepplaju.ac.id", "jawa", "PKS/%03d/PNP-KS/%d", 30, 3},
	{"ITA", "Institut Teknologi Alak", "UNIVERSITY", "italak.ac.id", "timor", "PKS/%03d/ITA-HUMAS/%d", 20, 3},
	{"UTK", "Universitas Terbuka UPBJJ Kemuning", "UNIVERSITY", "upbjjkemuning.ac.id", "sunda", "NK/%03d/UT-KMN/%d", 40, 5},
	{"LAN", "Lembaga Administrasi Negara", "GOVERNMENT", "lan.go.id", "jawa", "NK/%03d/LAN.1/HK.03.01/%d", 26, 5},
	{"BPSDM", "BPSDM Provinsi Sumatera Selatan", "GOVERNMENT", "bpsdm.sumselprov.go.id", "melayu", "PKS/%03d/BPSDM/%d", 26, 3},
	{"IAP", "Ikatan Ahli Perencana Indonesia", "PROFESSIONAL_BODY", "iap.or.id", "batak", "PKS/%03d/IAP-BAPPEDA/%d", 22, 2},
	{"MDP", "PT Mitra Didik Prima", "PRIVATE", "mitradidikprima.co.id", "minang", "SPK/%03d/MDP/%d", 40, 3},
}

// programSpec describes a program and how its sessions run.
type programSpec struct {
	code, title         string
	route, form, mode   string
	jp                  float64
	intl                bool
	status              string
	days, perYear, fill int    // duration, sessions per year, typical fill in percent
	partners            string // partner keys
	targets             string // competency:target level, space separated
	audience            string // job types, grades or unit codes; "" = all
	group               string // target group in plan items
	cost                int64  // cost per participant in IDR
	desc                string
}

var programSpecs = []programSpec{
	{"PKP", "Pelatihan Kepemimpinan Pengawas", "CLASSICAL", "LEADERSHIP_TRAINING", "BLENDED", 251, false, "ACTIVE", 60, 1, 95,
		"BPSDM LAN", "M.04:3 M.06:3 M.07:3 M.08:3", "PENGAWAS", "Pejabat Pengawas", 22_500_000,
		"Pelatihan kepemimpinan bagi pejabat pengawas, diakhiri aksi perubahan di unit kerja."},
	{"PKA", "Pelatihan Kepemimpinan Administrator", "CLASSICAL", "LEADERSHIP_TRAINING", "BLENDED", 347, false, "ACTIVE", 90, 1, 90,
		"LAN", "M.02:4 M.07:4 M.08:4", "ADMINISTRATOR", "Pejabat Administrator", 35_000_000,
		"Pelatihan kepemimpinan bagi pejabat administrator dengan proyek perubahan kinerja organisasi."},
	{"SEM-PP", "Seminar Nasional Pelayanan Publik", "CLASSICAL", "SEMINAR", "IN_PERSON", 4, false, "ACTIVE", 1, 5, 90,
		"UKR", "M.05:2", "", "ASN pelaksana layanan", 750_000,
		"Seminar sehari tentang inovasi dan standar pelayanan publik di daerah."},
	{"KONF-DIG", "Konferensi Internasional Tata Kelola Pemerintahan Digital", "CLASSICAL", "SEMINAR", "BLENDED", 12, true, "ACTIVE", 2, 1, 80,
		"ITA", "T.07:3 M.07:3", "DISKOMINFO BAPPEDA pk1 pk2", "Pengelola TIK dan data", 2_500_000,
		"Konferensi dua hari dengan pembicara dari kawasan ASEAN tentang SPBE dan data pemerintah."},
	{"LOK-REN", "Lokakarya Perencanaan Pembangunan Daerah", "CLASSICAL", "WORKSHOP", "IN_PERSON", 15, false, "ACTIVE", 3, 2, 85,
		"IAP", "T.02:3", "BAPPEDA ren1 ren2 ren3", "Perencana dan staf Bappeda", 2_750_000,
		"Lokakarya tiga hari penyusunan RKPD dan indikator kinerja daerah."},
	{"LOK-KEB", "Lokakarya Penyusunan Kebutuhan Kompetensi", "CLASSICAL", "WORKSHOP", "IN_PERSON", 10, false, "ACTIVE", 2, 2, 80,
		"BPSDM", "T.04:3 M.06:3", "BKPSDM sdm1 sdm2", "Pengelola kepegawaian", 1_900_000,
		"Lokakarya analisis kebutuhan pengembangan kompetensi dan penyusunan rencana tahunan."},
	{"KUR-ING", "Kursus Bahasa Inggris untuk ASN", "CLASSICAL", "COURSE", "BLENDED", 40, false, "ACTIVE", 20, 3, 90,
		"PNP MDP", "M.03:3", "", "ASN golongan III", 3_000_000,
		"Kursus bahasa Inggris umum dan korespondensi dinas, dua puluh pertemuan."},
	{"EL-ASN", "E-Learning Manajemen ASN", "NON_CLASSICAL", "E_LEARNING", "ONLINE", 15, false, "ACTIVE", 30, 6, 100,
		"LAN", "T.04:2", "", "Seluruh ASN", 150_000,
		"Kelas daring mandiri tentang sistem merit, kinerja, dan pengembangan karier ASN."},
	{"EL-KAMI", "E-Learning Keamanan Informasi Dasar", "NON_CLASSICAL", "E_LEARNING", "ONLINE", 12, false, "ACTIVE", 21, 6, 100,
		"", "T.08:2", "", "Seluruh ASN", 150_000,
		"Kesadaran keamanan informasi: kata sandi, phishing, dan pelindungan data pribadi."},
	{"EL-INT", "E-Learning Integritas dan Antikorupsi", "NON_CLASSICAL", "E_LEARNING", "ONLINE", 10, false, "ACTIVE", 14, 6, 100,
		"LAN", "M.01:2", "", "Seluruh ASN", 100_000,
		"Modul daring tentang nilai integritas, gratifikasi, dan konflik kepentingan."},
	{"MEN-AKSI", "Mentoring Aksi Perubahan", "NON_CLASSICAL", "MENTORING", "IN_PERSON", 16, false, "ACTIVE", 60, 2, 70,
		"", "M.06:3 M.07:3", "PENGAWAS ADMINISTRATOR", "Pejabat struktural", 500_000,
		"Pendampingan mentor bagi peserta aksi perubahan pelatihan kepemimpinan."},
	{"COACH-KIN", "Coaching Kinerja bagi Pejabat Pengawas", "NON_CLASSICAL", "COACHING", "IN_PERSON", 10, false, "ACTIVE", 30, 2, 80,
		"MDP", "M.04:3", "PENGAWAS", "Pejabat Pengawas", 1_500_000,
		"Sesi coaching berkala untuk menyusun dan mencapai sasaran kinerja pegawai."},
	{"MAG-KEU", "Magang Pengelolaan Keuangan Daerah di BPKAD Provinsi", "NON_CLASSICAL", "INTERNSHIP", "IN_PERSON", 40, false, "ACTIVE", 10, 1, 60,
		"BPSDM", "T.01:3", "BPKAD akd1 akd2 bend", "Pengelola keuangan", 5_000_000,
		"Magang sepuluh hari kerja pada bidang akuntansi dan perbendaharaan BPKAD Provinsi."},
	{"MAG-DUK", "Magang Layanan Administrasi Kependudukan Terpadu", "NON_CLASSICAL", "INTERNSHIP", "IN_PERSON", 30, false, "ACTIVE", 5, 2, 70,
		"", "T.10:3 M.05:3", "DISDUKCAPIL KEC", "Petugas layanan adminduk", 3_500_000,
		"Magang pada mal pelayanan publik dengan layanan adminduk terintegrasi."},
	{"TB-MAP", "Tugas Belajar S2 Magister Administrasi Publik", "EDUCATION", "TUGAS_BELAJAR", "IN_PERSON", 160, false, "ACTIVE", 730, 1, 25,
		"UKR", "T.03:4 M.08:3", "ADMINISTRATOR PENGAWAS AHLI_MUDA", "Pejabat dan analis berprestasi", 60_000_000,
		"Tugas belajar program magister selama empat semester dengan ikatan dinas."},
	{"TB-KESMAS", "Tugas Belajar S2 Kesehatan Masyarakat", "EDUCATION", "TUGAS_BELAJAR", "IN_PERSON", 160, false, "ACTIVE", 730, 1, 20,
		"UKR", "T.05:4", "DINKES PKM", "Tenaga kesehatan", 65_000_000,
		"Tugas belajar magister kesehatan masyarakat peminatan kebijakan kesehatan."},
	{"IB-S1", "Izin Belajar S1 Administrasi Negara", "EDUCATION", "IZIN_BELAJAR", "ONLINE", 40, false, "ACTIVE", 180, 1, 30,
		"UTK", "T.03:2", "PELAKSANA", "Pelaksana lulusan SMA/D3", 0,
		"Izin belajar program sarjana jarak jauh atas biaya sendiri."},
	{"BIMTEK-PBJ", "Bimbingan Teknis Pengadaan Barang/Jasa Pemerintah", "CLASSICAL", "BIMTEK", "IN_PERSON", 24, false, "ACTIVE", 3, 3, 90,
		"MDP", "T.06:3", "pbj akd1 akd2 bend PENGAWAS", "Pejabat pengadaan dan PPK", 3_500_000,
		"Bimtek tiga hari persiapan ujian sertifikasi kompetensi pengadaan tingkat dasar."},
	{"BIMTEK-SIPD", "Bimtek Penatausahaan Keuangan Daerah pada SIPD", "CLASSICAL", "BIMTEK", "IN_PERSON", 24, false, "ACTIVE", 3, 2, 90,
		"BPSDM", "T.01:3", "BPKAD bend akd1", "Bendahara dan operator keuangan", 3_250_000,
		"Bimtek penatausahaan dan pelaporan keuangan daerah pada aplikasi SIPD."},
	{"TEK-PKP", "Pelatihan Teknis Pelayanan Kesehatan Primer", "CLASSICAL", "TECHNICAL_TRAINING", "IN_PERSON", 40, false, "ACTIVE", 5, 3, 90,
		"UKR", "T.05:3", "PKM DINKES", "Tenaga kesehatan puskesmas", 4_000_000,
		"Pelatihan teknis penanganan penyakit tidak menular dan integrasi layanan primer."},
	{"FUNG-AK", "Pelatihan Fungsional Analis Kebijakan", "CLASSICAL", "FUNCTIONAL_TRAINING", "BLENDED", 60, false, "ACTIVE", 10, 2, 80,
		"LAN", "T.03:3", "ak1 ak2 AHLI_MUDA", "Analis kebijakan", 7_500_000,
		"Pelatihan penjenjangan jabatan fungsional analis kebijakan."},
	{"FUNG-PK", "Pelatihan Fungsional Pranata Komputer", "CLASSICAL", "FUNCTIONAL_TRAINING", "IN_PERSON", 48, false, "ACTIVE", 6, 2, 85,
		"ITA PNP", "T.07:3 T.08:2", "pk1 pk2 pkt DISKOMINFO", "Pranata komputer", 6_000_000,
		"Pelatihan fungsional pranata komputer: tata kelola TI, basis data, dan keamanan."},
	{"SOSKUL", "Pelatihan Sosiokultural Wawasan Kebangsaan", "CLASSICAL", "SOCIOCULTURAL_TRAINING", "IN_PERSON", 24, false, "ACTIVE", 3, 4, 90,
		"BPSDM", "SK.01:3", "", "Seluruh ASN", 1_500_000,
		"Pelatihan wawasan kebangsaan, moderasi, dan perekat bangsa."},
	{"SOS-SPBE", "Sosialisasi Sistem Pemerintahan Berbasis Elektronik", "CLASSICAL", "SOCIALIZATION", "ONLINE", 4, false, "ACTIVE", 1, 4, 100,
		"", "T.07:1 T.08:1", "", "Seluruh ASN", 0,
		"Sosialisasi arsitektur SPBE daerah dan kewajiban interoperabilitas data."},
	{"PB-MPP", "Patok Banding Mal Pelayanan Publik", "NON_CLASSICAL", "BENCHMARKING", "IN_PERSON", 16, false, "ACTIVE", 3, 1, 70,
		"", "M.05:3 M.07:3", "ADMINISTRATOR KEC DISDUKCAPIL", "Pimpinan unit layanan", 8_000_000,
		"Kunjungan patok banding ke penyelenggara mal pelayanan publik terbaik."},
	{"KOP-REN", "Komunitas Praktik Perencana Daerah", "NON_CLASSICAL", "COMMUNITY_OF_PRACTICE", "ONLINE", 8, false, "ACTIVE", 90, 1, 60,
		"IAP", "T.02:3", "ren1 ren2 ren3 BAPPEDA", "Perencana", 0,
		"Forum berbagi praktik baik perencana daerah, pertemuan daring bulanan."},
	{"SHORT-ASEAN", "Short Course Public Sector Innovation (ASEAN)", "CLASSICAL", "COURSE", "IN_PERSON", 72, true, "ACTIVE", 10, 1, 60,
		"LAN", "M.07:4 T.03:3", "ADMINISTRATOR JPT_PRATAMA", "Pejabat pimpinan", 45_000_000,
		"Kursus singkat internasional inovasi sektor publik bersama lembaga pelatihan negara ASEAN."},
	{"DIKLATPIM-IV", "Diklat Kepemimpinan Tingkat IV (pola lama)", "CLASSICAL", "LEADERSHIP_TRAINING", "IN_PERSON", 285, false, "ARCHIVED", 0, 0, 0,
		"LAN", "M.04:3 M.08:2", "PENGAWAS", "Pejabat eselon IV", 0,
		"Program lama yang digantikan Pelatihan Kepemimpinan Pengawas."},
	{"TRF-DIG", "Pelatihan Transformasi Digital Layanan Publik", "CLASSICAL", "TECHNICAL_TRAINING", "BLENDED", 32, false, "DRAFT", 0, 0, 0,
		"ITA", "T.07:3 M.05:3", "", "Pengelola layanan publik", 4_500_000,
		"Rancangan pelatihan desain layanan digital berbasis kebutuhan pengguna."},
}

// venues are in-person locations of a host agency ("%s": its short name).
var venues = []string{
	"Aula BKPSDM %s",
	"Gedung Serbaguna Sekretariat Daerah %s",
	"Balai Pelatihan Aparatur %s",
	"Ruang Rapat Bappeda %s",
	"Hotel Griya Nusantara, %s",
}

// reactionComments are participant remarks on level 1 questionnaires.
var reactionComments = []string{
	"Materi relevan dengan tugas sehari-hari.",
	"Fasilitator menguasai materi dan komunikatif.",
	"Jadwal terlalu padat, perlu lebih banyak waktu diskusi.",
	"Ruang kelas kurang nyaman, pendingin ruangan sering mati.",
	"Studi kasus sangat membantu memahami penerapan di unit kerja.",
	"Koneksi internet saat sesi daring kurang stabil.",
	"Perlu modul cetak atau salinan bahan tayang.",
	"Konsumsi dan akomodasi baik.",
}

// resultIndicators are organisational indicators for level 4, with
// a baseline range and the largest improvement.
var resultIndicators = []struct {
	name          string
	baseLo, baseH float64
	gain          float64
}{
	{"Indeks Kepuasan Masyarakat (IKM)", 74, 82, 5},
	{"Nilai Evaluasi SAKIP", 58, 68, 6},
	{"Indeks SPBE", 2.1, 2.8, 0.4},
	{"Persentase Dokumen Perencanaan Tepat Waktu", 65, 80, 12},
	{"Indeks Profesionalitas ASN", 60, 72, 6},
	{"Persentase Layanan Selesai Sesuai Standar Waktu", 70, 85, 10},
}

// needSources drives the training needs: who raises them, at which
// event ("%s" = agency short name, "%d" = year) and in which words ("%s" =
// competency focus).
var needSources = []struct {
	source, raisedBy, event, text string
}{
	{"EMPLOYEE", "", "", "Pegawai mengusulkan pelatihan %s karena tugas baru belum didukung kompetensi yang memadai."},
	{"SUPERVISOR", "", "", "Atasan langsung menilai kemampuan %s di unit kerja masih di bawah standar jabatan."},
	{"FORUM", "Perwakilan akademisi dan tokoh masyarakat", "Forum Konsultasi Publik %s %d",
		"Peserta forum meminta peningkatan kemampuan %s aparatur agar layanan lebih cepat dan ramah."},
	{"FORUM", "Asosiasi pelaku usaha dan praktisi", "Lokakarya Kebutuhan Kompetensi %s %d",
		"Praktisi menyoroti kebutuhan %s yang lebih baik dalam kemitraan dengan dunia usaha."},
	{"SURVEY", "Tim Analisis Kebutuhan Pelatihan BKPSDM", "Survei Analisis Kebutuhan Pelatihan %s %d",
		"Hasil survei menunjukkan banyak responden membutuhkan penguatan %s."},
	{"GAP_ANALYSIS", "Analisis kesenjangan kompetensi (sistem)", "",
		"Rata-rata level %s pegawai berada di bawah standar kompetensi jabatan."},
}

// assessmentEvidence describes the evidence per assessment source.
var assessmentEvidence = []struct{ source, text string }{
	{"SELF", "Penilaian mandiri melalui aplikasi e-Kompetensi."},
	{"SUPERVISOR", "Observasi atasan langsung atas perilaku kerja dan capaian SKP."},
	{"ASSESSMENT_CENTER", "Assessment center: wawancara berbasis kompetensi, in-tray, dan presentasi."},
	{"TRAINING", "Hasil evaluasi pelatihan %s, sertifikat %s."},
}

// femaleShares gives the share of women in jobs whose title contains a
// word; other staff are 45 % women, managers 30 %.
var femaleShares = []struct {
	word  string
	share float64
}{
	{"Bidan", 1}, {"Perawat", 0.8}, {"Guru", 0.65}, {"Analis Sumber Daya", 0.6}, {"Pengadministrasi", 0.55},
}

// phonePrefixes are mobile operator prefixes after the leading 08.
const phonePrefixes = "11 12 13 21 22 23 52 53 57 59 77 78 81 82 95 96"
