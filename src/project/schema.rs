//! `thesis.yaml` as the student wrote it: the raw schema, read with unknown keys refused.
//!
//! Nothing here checks files or knob values; [`super::resolve`] does that and produces the
//! [`super::Thesis`] that later stages use. Values whose problems must be reported at a line are
//! kept [`Spanned`].

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_saphyr::Spanned;

/// A string with the place in thesis.yaml it came from.
pub type S = Spanned<String>;

/// The whole `thesis.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawThesis {
    /// `proposal` or `tesis`.
    pub jenis: Option<S>,
    /// Language of the labels: `id` (default) or `en`.
    pub bahasa: Option<S>,
    /// Title (Indonesian).
    pub judul: Option<S>,
    /// Subtitle, usually the case-study line.
    pub sub_judul: Option<S>,
    /// English title.
    pub judul_en: Option<S>,
    /// English subtitle.
    pub sub_judul_en: Option<S>,
    /// The student.
    pub penulis: Option<Spanned<RawPerson>>,
    /// Degree, e.g. `S-2`.
    pub gelar: Option<S>,
    /// Study programme, e.g. `Magister Ilmu Hubungan Internasional`.
    pub program_studi: Option<S>,
    /// e.g. `Program Pascasarjana`.
    pub program: Option<S>,
    /// e.g. `Fakultas Ilmu Sosial dan Ilmu Politik`.
    pub fakultas: Option<S>,
    /// University name.
    pub universitas: Option<S>,
    /// City printed on the cover.
    pub kota: Option<S>,
    /// Year printed on the cover.
    pub tahun: Option<Spanned<Scalar>>,
    /// Academic year, e.g. `2013/2014`.
    pub tahun_akademik: Option<S>,
    /// Supervisors.
    #[serde(default)]
    pub pembimbing: Vec<Spanned<RawPerson>>,
    /// Examiners.
    #[serde(default)]
    pub penguji: Vec<Spanned<RawPerson>>,
    /// Head of the programme (signs the ratification page).
    pub ketua_program: Option<Spanned<RawPerson>>,
    /// Exam date, `YYYY-MM-DD`.
    pub tanggal_ujian: Option<Spanned<Scalar>>,
    /// Document date, `YYYY-MM-DD` (the PDF's date; else SOURCE_DATE_EPOCH; else none).
    pub tanggal: Option<Spanned<Scalar>>,
    /// The university emblem (SVG, PNG or JPEG).
    pub logo: Option<S>,
    /// Scanned signed pages that replace the generated ones.
    pub scan: Option<RawScan>,
    /// Whether to print the originality statement (default: yes for `tesis`).
    pub pernyataan: Option<Spanned<bool>>,
    /// Motto page source file.
    pub motto: Option<S>,
    /// Dedication page source file.
    pub persembahan: Option<S>,
    /// Foreword source file.
    pub kata_pengantar: Option<S>,
    /// Indonesian abstract.
    pub abstrak: Option<RawAbstract>,
    /// English abstract.
    #[serde(rename = "abstract")]
    pub abstract_en: Option<RawAbstract>,
    /// Chapters, in order.
    pub bab: Option<Spanned<Vec<S>>>,
    /// Appendices, in order.
    #[serde(default)]
    pub lampiran: Vec<Spanned<RawAppendix>>,
    /// Bibliography file(s): `.bib` or Hayagriva `.yml`.
    pub pustaka: Option<Spanned<OneOrMany>>,
    /// Citation style: a built-in style name or a `.csl` file of the project.
    pub gaya_sitasi: Option<S>,
    /// The format knobs of docs/format-rules.md.
    pub format: Option<RawFormat>,
}

/// A number or a string (years and dates are often written unquoted).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    /// `2015`.
    Int(i64),
    /// `"2015"`, `2015-05-10`.
    Str(String),
    /// Anything else (a list, a group): kept so that resolving reports it at its line, which
    /// serde's "did not match any variant" error cannot.
    Invalid(IgnoredAny),
}

impl Scalar {
    /// The value as text.
    pub fn text(&self) -> String {
        match self {
            Self::Int(i) => i.to_string(),
            Self::Str(s) => s.clone(),
            Self::Invalid(_) => String::new(),
        }
    }

    /// Whether the value was neither a number nor text.
    pub fn is_invalid(&self) -> bool {
        matches!(self, Self::Invalid(_))
    }
}

/// One file or a list of files.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    /// `pustaka: pustaka.bib`.
    One(String),
    /// `pustaka: [a.bib, b.bib]`.
    Many(Vec<String>),
    /// Anything else, reported at its line when resolving.
    Invalid(IgnoredAny),
}

/// A person: the student, a supervisor, an examiner.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    /// Full name with academic titles.
    pub nama: String,
    /// Student number (the student only).
    pub nim: Option<Scalar>,
    /// Role on the examination board, e.g. `Ketua Penguji`.
    pub peran: Option<String>,
    /// Position, e.g. `Ketua Program Studi`.
    pub jabatan: Option<String>,
    /// Staff number (NIK/NIP), printed under a signature.
    pub nik: Option<Scalar>,
}

/// Scanned signed pages.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScan {
    /// Signed supervisor approval page (PDF or image).
    pub persetujuan: Option<S>,
    /// Signed ratification page (PDF or image).
    pub pengesahan: Option<S>,
}

/// An abstract: its text file and keywords.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAbstract {
    /// Source file (.md or .typ).
    pub file: S,
    /// Keywords (Indonesian abstract).
    #[serde(default)]
    pub kata_kunci: Vec<String>,
    /// Keywords (English abstract).
    #[serde(default)]
    pub keywords: Vec<String>,
}

/// An appendix: a file, or a title and a file.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawAppendix {
    /// `- lampiran1.md`
    File(String),
    /// `- { judul: Transkrip, file: lampiran1.md }`, `- { judul: Surat, file: izin.pdf, halaman: 2-5 }`
    /// or `- { judul: Foto, file: [a.jpg, b.png] }`.
    Titled {
        /// Title printed after "Lampiran N".
        judul: Option<String>,
        /// Source file, PDF, image, or a list of images.
        file: RawAppendixFiles,
        /// Pages of a PDF: `3`, `2-5` or `1, 3-4` (all when absent).
        halaman: Option<RawPages>,
    },
    /// Anything else, reported at its line when resolving.
    Invalid(IgnoredAny),
}

/// The file(s) of an appendix: one file, or a list of images.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawAppendixFiles {
    /// `file: izin.pdf`
    One(String),
    /// `file: [foto1.jpg, foto2.png]`
    Many(Vec<String>),
}

/// `halaman:` as written: a number (`3`) or a range text (`2-5`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawPages {
    /// `halaman: 3`
    Number(u64),
    /// `halaman: 2-5`
    Text(String),
}

/// The `format:` knobs (docs/format-rules.md ids in brackets).
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawFormat {
    /// [F2] margins.
    pub margin: Option<Spanned<RawMargins>>,
    /// [F3] body font family.
    pub font: Option<S>,
    /// [F4] line spacing: 1.5 or 2.
    pub spasi: Option<Spanned<f64>>,
    /// [F10] `indonesia` or `bawah-tengah`.
    pub nomor_halaman: Option<S>,
    /// [F22] `tesis` (continuous) or `bab` (restart per chapter).
    pub nomor_catatan: Option<S>,
}

/// [F2] The four margins, as Typst lengths (`4cm`, `30mm`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMargins {
    /// Top.
    pub atas: Option<String>,
    /// Left (binding side).
    pub kiri: Option<String>,
    /// Bottom.
    pub bawah: Option<String>,
    /// Right.
    pub kanan: Option<String>,
}

/// Every key `thesis.yaml` accepts, for "did you mean" suggestions.
pub const KNOWN_KEYS: &[&str] = &[
    "jenis",
    "bahasa",
    "judul",
    "sub_judul",
    "judul_en",
    "sub_judul_en",
    "penulis",
    "gelar",
    "program_studi",
    "program",
    "fakultas",
    "universitas",
    "kota",
    "tahun",
    "tahun_akademik",
    "pembimbing",
    "penguji",
    "ketua_program",
    "tanggal_ujian",
    "tanggal",
    "logo",
    "scan",
    "pernyataan",
    "motto",
    "persembahan",
    "kata_pengantar",
    "abstrak",
    "abstract",
    "bab",
    "lampiran",
    "pustaka",
    "gaya_sitasi",
    "format",
    "nama",
    "nim",
    "peran",
    "jabatan",
    "nik",
    "persetujuan",
    "pengesahan",
    "file",
    "kata_kunci",
    "keywords",
    "judul",
    "margin",
    "font",
    "spasi",
    "nomor_halaman",
    "nomor_catatan",
    "atas",
    "kiri",
    "bawah",
    "kanan",
];

/// Keys students write from other tools or from English, with the key `thesis.yaml` uses (and
/// the group it belongs to): the hint for them even when spelling distance says otherwise.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("catatan_kaki", "`nomor_catatan` (under `format:`)"),
    ("footnote", "`nomor_catatan` (under `format:`)"),
    ("footnotes", "`nomor_catatan` (under `format:`)"),
    ("line_spacing", "`spasi` (under `format:`)"),
    ("spasi_baris", "`spasi` (under `format:`)"),
    ("spacing", "`spasi` (under `format:`)"),
    ("nomor", "`nomor_halaman` (under `format:`)"),
    ("page_numbering", "`nomor_halaman` (under `format:`)"),
    ("margins", "`margin` (under `format:`)"),
    ("author", "`penulis`"),
    ("penyusun", "`penulis`"),
    ("title", "`judul`"),
    ("subtitle", "`sub_judul`"),
    ("supervisor", "`pembimbing`"),
    ("supervisors", "`pembimbing`"),
    ("examiner", "`penguji`"),
    ("examiners", "`penguji`"),
    ("year", "`tahun`"),
    ("date", "`tanggal`"),
    ("city", "`kota`"),
    ("university", "`universitas`"),
    ("degree", "`gelar`"),
    ("language", "`bahasa`"),
    ("lang", "`bahasa`"),
    ("chapters", "`bab`"),
    ("chapter", "`bab`"),
    ("appendix", "`lampiran`"),
    ("appendices", "`lampiran`"),
    ("bibliography", "`pustaka`"),
    ("references", "`pustaka`"),
    ("daftar_pustaka", "`pustaka`"),
    ("csl", "`gaya_sitasi`"),
    ("citation_style", "`gaya_sitasi`"),
    ("name", "`nama`"),
    ("student_id", "`nim`"),
];

/// The key a known synonym stands for (see [`SYNONYMS`]).
pub fn synonym(word: &str) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase().replace('-', "_");
    SYNONYMS.iter().find(|(s, _)| *s == lower).map(|(_, key)| *key)
}
