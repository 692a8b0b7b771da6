//! From the raw `thesis.yaml` to the resolved [`Thesis`]: required keys present, knob values
//! valid, every named file found inside the project, defaults filled in, dates in Indonesian.
//!
//! Every problem becomes a [`Diagnostic`] at the line of `thesis.yaml` that caused it; all of
//! them are collected, so the student fixes the file in one round.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde_saphyr::{Location, Spanned};

mod appendix;

pub use appendix::{Appendix, Sheet, at_entry};

use super::paths::{self, PathProblem};
use super::schema::*;
use crate::diag::{Diagnostic, line_range};

/// The resolved thesis: what `thesis.json` holds (schema in docs/design.md).
#[derive(Debug, Clone, Serialize)]
pub struct Thesis {
    pub jenis: String,
    pub bahasa: String,
    pub judul: String,
    pub sub_judul: Option<String>,
    pub judul_en: Option<String>,
    pub sub_judul_en: Option<String>,
    pub penulis: Person,
    pub gelar: String,
    pub program_studi: String,
    pub program: Option<String>,
    pub fakultas: Option<String>,
    pub universitas: String,
    pub kota: Option<String>,
    pub tahun: Option<String>,
    pub tahun_akademik: Option<String>,
    pub pembimbing: Vec<Person>,
    pub penguji: Vec<Person>,
    pub ketua_program: Option<Person>,
    pub tanggal_ujian: Option<String>,
    pub tanggal: Option<String>,
    pub logo: Option<String>,
    pub scan: Scan,
    pub pernyataan: bool,
    pub motto: Option<String>,
    pub persembahan: Option<String>,
    pub kata_pengantar: Option<String>,
    pub abstrak: Option<Abstract>,
    #[serde(rename = "abstract")]
    pub abstract_en: Option<Abstract>,
    pub bab: Vec<String>,
    pub lampiran: Vec<Appendix>,
    pub pustaka: Vec<String>,
    pub gaya_sitasi: String,
    pub format: Format,
    /// The document date as (year, month, day), for the PDF's metadata (F31).
    #[serde(skip)]
    pub date: Option<(i32, u8, u8)>,
}

/// A person as printed.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Person {
    pub nama: String,
    pub nim: Option<String>,
    pub peran: Option<String>,
    pub jabatan: Option<String>,
    pub nik: Option<String>,
}

/// Scanned signed pages (compiler paths).
#[derive(Debug, Clone, Serialize, Default)]
pub struct Scan {
    pub persetujuan: Option<String>,
    pub pengesahan: Option<String>,
}

/// An abstract: compiler path of its content and keywords.
#[derive(Debug, Clone, Serialize)]
pub struct Abstract {
    pub file: String,
    pub kata_kunci: Vec<String>,
    pub keywords: Vec<String>,
}

/// The format knobs with defaults filled in (docs/format-rules.md ids in the comments).
#[derive(Debug, Clone, Serialize)]
pub struct Format {
    /// F2.
    pub margin: Margins,
    /// F3.
    pub font: String,
    /// F3.
    pub ukuran_font: String,
    /// F4.
    pub spasi: f64,
    /// F10.
    pub nomor_halaman: String,
    /// F22.
    pub nomor_catatan: String,
}

/// F2 margins as Typst lengths.
#[derive(Debug, Clone, Serialize)]
pub struct Margins {
    pub atas: String,
    pub kiri: String,
    pub bawah: String,
    pub kanan: String,
}

/// A source file of the thesis (chapter, abstract, foreword, appendix).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// On disk.
    pub disk: PathBuf,
    /// Its own compiler path (`/thesis/bab1.md`).
    pub vpath: String,
    /// The compiler path the template includes: the file itself for `.typ`, the converted
    /// markup (`/_tesis/md/thesis/bab1.typ`) for `.md`.
    pub include: String,
}

impl SourceFile {
    /// Whether the file is Markdown (and must be converted).
    pub fn is_markdown(&self) -> bool {
        self.vpath.ends_with(".md") || self.vpath.ends_with(".markdown")
    }
}

/// The default body font (F3): Times-metric, bundled in `fonts/`.
pub const DEFAULT_FONT: &str = "Liberation Serif";

/// The built-in citation style (F23).
pub const DEFAULT_STYLE: &str = "chicago-notes";

/// Resolves the raw thesis. `yaml` is the text of thesis.yaml at `yaml_path`.
pub fn resolve(
    raw: RawThesis,
    root: &Path,
    yaml_path: &Path,
    yaml: &str,
) -> Result<(Thesis, Vec<SourceFile>), Vec<Diagnostic>> {
    let mut r =
        Resolver { root, yaml_path, yaml, base: yaml_path.parent().unwrap_or(root), errors: vec![], sources: vec![] };
    let thesis = r.thesis(raw);
    if r.errors.is_empty() { Ok((thesis, r.sources)) } else { Err(r.errors) }
}

/// Collects problems while resolving.
struct Resolver<'a> {
    root: &'a Path,
    yaml_path: &'a Path,
    yaml: &'a str,
    base: &'a Path,
    errors: Vec<Diagnostic>,
    sources: Vec<SourceFile>,
}

impl Resolver<'_> {
    /// Resolves every key.
    fn thesis(&mut self, raw: RawThesis) -> Thesis {
        let jenis = self.one_of(raw.jenis.as_ref(), "jenis", &["proposal", "tesis"], "tesis");
        let bahasa = self.one_of(raw.bahasa.as_ref(), "bahasa", &["id", "en"], "id");
        let judul = self.required(raw.judul.as_ref(), "judul");
        for p in raw.penulis.iter().chain(&raw.pembimbing).chain(&raw.penguji).chain(&raw.ketua_program) {
            if p.value.nim.as_ref().is_some_and(Scalar::is_invalid)
                || p.value.nik.as_ref().is_some_and(Scalar::is_invalid)
            {
                self.err_at(&p.referenced, "`nim` and `nik` must be a number or text, not a list or group");
            }
        }
        let penulis = match &raw.penulis {
            Some(p) => {
                if p.value.nim.is_none() {
                    self.err_at(&p.referenced, "`penulis` needs `nim` (the student number)");
                }
                person(&p.value)
            }
            None => {
                self.missing("penulis", "penulis:\n  nama: NAMA LENGKAP\n  nim: \"20141060051\"");
                Person::default()
            }
        };
        let program_studi = self.required(raw.program_studi.as_ref(), "program_studi");
        let universitas = self.required(raw.universitas.as_ref(), "universitas");
        let bab = match &raw.bab {
            Some(list) if !list.value.is_empty() => {
                list.value.iter().filter_map(|f| self.source(f, &["md", "typ"])).collect()
            }
            Some(list) => {
                self.err_at(&list.referenced, "`bab` lists no chapter files");
                vec![]
            }
            None => {
                self.missing("bab", "bab:\n  - bab1.md");
                vec![]
            }
        };
        let date = match &raw.tanggal {
            Some(d) => self.date(d, "tanggal"),
            None => source_date_epoch(),
        };
        let tanggal = date.map(|(y, m, d)| indonesian_date(y, m, d));
        let tahun = raw.tahun.as_ref().map(|t| t.value.text());
        if let Some(t) = raw.tahun.as_ref().filter(|t| t.value.is_invalid()) {
            self.err_at(&t.referenced, "`tahun` must be a year such as 2015, not a list or group");
        }
        let pustaka = match &raw.pustaka {
            None => vec![],
            Some(p) => {
                let files = match &p.value {
                    OneOrMany::One(f) => vec![f.clone()],
                    OneOrMany::Many(v) => v.clone(),
                    OneOrMany::Invalid(_) => {
                        self.err_at(&p.referenced, "`pustaka` must be a file name or a list of file names");
                        vec![]
                    }
                };
                files
                    .iter()
                    .filter_map(|f| {
                        let s = Spanned::new(f.clone(), p.referenced, p.defined);
                        self.file(&s, &["bib", "yml", "yaml"])
                    })
                    .collect()
            }
        };
        let gaya_sitasi = match &raw.gaya_sitasi {
            None => DEFAULT_STYLE.to_string(),
            Some(s) if s.value.ends_with(".csl") => self.file(s, &["csl"]).unwrap_or_default(),
            Some(s) => {
                if hayagriva::archive::ArchivedStyle::by_name(&s.value).is_none() {
                    self.err_at(&s.referenced, &format!("`gaya_sitasi`: unknown citation style `{}`", s.value));
                }
                s.value.clone()
            }
        };
        let abstrak = raw.abstrak.as_ref().and_then(|a| self.abstract_of(a));
        let abstract_en = raw.abstract_en.as_ref().and_then(|a| self.abstract_of(a));
        let lampiran = raw.lampiran.iter().filter_map(|a| self.appendix(a)).collect();
        let scan = match &raw.scan {
            Some(s) => Scan {
                persetujuan: s.persetujuan.as_ref().and_then(|f| self.scan_file(f)),
                pengesahan: s.pengesahan.as_ref().and_then(|f| self.scan_file(f)),
            },
            None => Scan::default(),
        };
        let format = self.format(raw.format.unwrap_or_default());
        Thesis {
            pernyataan: raw.pernyataan.as_ref().map_or(jenis == "tesis", |p| p.value),
            jenis,
            bahasa,
            judul,
            sub_judul: text(&raw.sub_judul),
            judul_en: text(&raw.judul_en),
            sub_judul_en: text(&raw.sub_judul_en),
            penulis,
            gelar: text(&raw.gelar).unwrap_or_else(|| "S-2".into()),
            program_studi,
            program: text(&raw.program),
            fakultas: text(&raw.fakultas),
            universitas,
            kota: text(&raw.kota),
            tahun,
            tahun_akademik: text(&raw.tahun_akademik),
            pembimbing: raw.pembimbing.iter().map(|p| person(&p.value)).collect(),
            penguji: raw.penguji.iter().map(|p| person(&p.value)).collect(),
            ketua_program: raw.ketua_program.as_ref().map(|p| person(&p.value)),
            tanggal_ujian: raw
                .tanggal_ujian
                .as_ref()
                .and_then(|d| self.date(d, "tanggal_ujian"))
                .map(|(y, m, d)| indonesian_date(y, m, d)),
            tanggal,
            logo: raw.logo.as_ref().and_then(|l| self.file(l, &["svg", "png", "jpg", "jpeg"])),
            scan,
            motto: raw.motto.as_ref().and_then(|f| self.source(f, &["md", "typ"])),
            persembahan: raw.persembahan.as_ref().and_then(|f| self.source(f, &["md", "typ"])),
            kata_pengantar: raw.kata_pengantar.as_ref().and_then(|f| self.source(f, &["md", "typ"])),
            abstrak,
            abstract_en,
            bab,
            lampiran,
            pustaka,
            gaya_sitasi,
            format,
            date,
        }
    }

    /// Resolves the `format:` knobs.
    fn format(&mut self, raw: RawFormat) -> Format {
        let margin = raw.margin.as_ref().map(|m| m.value.clone());
        let mut length = |v: Option<String>, name: &str, default: &str| -> String {
            match v {
                None => default.to_string(),
                Some(v) if is_length(&v) => v.trim().to_string(),
                Some(v) => {
                    let at = raw.margin.as_ref().map_or(Location::UNKNOWN, |m| m.referenced);
                    self.err_at(
                        &at,
                        &format!("`format.margin.{name}` must be a length such as `4cm` or `30mm`, not `{v}`"),
                    );
                    default.to_string()
                }
            }
        };
        let m = margin.unwrap_or(RawMargins { atas: None, kiri: None, bawah: None, kanan: None });
        // F2: top 4 cm, left 4 cm, bottom 3 cm, right 3 cm.
        let margin = Margins {
            atas: length(m.atas, "atas", "4cm"),
            kiri: length(m.kiri, "kiri", "4cm"),
            bawah: length(m.bawah, "bawah", "3cm"),
            kanan: length(m.kanan, "kanan", "3cm"),
        };
        // F4: 1.5 by default, 2 as the alternative.
        let spasi = match &raw.spasi {
            None => 1.5,
            Some(s) if s.value == 1.5 || s.value == 2.0 => s.value,
            Some(s) => {
                self.err_at(&s.referenced, &format!("`format.spasi` must be 1.5 or 2, not {}", s.value));
                1.5
            }
        };
        Format {
            margin,
            font: text(&raw.font).unwrap_or_else(|| DEFAULT_FONT.into()),
            ukuran_font: "12pt".into(),
            spasi,
            // F10.
            nomor_halaman: self.one_of(
                raw.nomor_halaman.as_ref(),
                "format.nomor_halaman",
                &["indonesia", "bawah-tengah"],
                "indonesia",
            ),
            // F22.
            nomor_catatan: self.one_of(raw.nomor_catatan.as_ref(), "format.nomor_catatan", &["tesis", "bab"], "tesis"),
        }
    }

    /// Resolves an abstract.
    fn abstract_of(&mut self, a: &RawAbstract) -> Option<Abstract> {
        let file = self.source(&a.file, &["md", "typ"])?;
        Some(Abstract { file, kata_kunci: a.kata_kunci.clone(), keywords: a.keywords.clone() })
    }

    /// A required text value.
    fn required(&mut self, v: Option<&S>, key: &str) -> String {
        match v {
            Some(s) if !s.value.trim().is_empty() => s.value.trim().to_string(),
            Some(s) => {
                self.err_at(&s.referenced, &format!("`{key}` is empty"));
                String::new()
            }
            None => {
                self.missing(key, &format!("{key}: ..."));
                String::new()
            }
        }
    }

    /// One of a fixed set of values.
    fn one_of(&mut self, v: Option<&S>, key: &str, allowed: &[&str], default: &str) -> String {
        match v {
            None => default.to_string(),
            Some(s) if allowed.contains(&s.value.trim()) => s.value.trim().to_string(),
            Some(s) => {
                let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(" or ");
                self.err_at(&s.referenced, &format!("`{key}` must be {list}, not `{}`", s.value));
                default.to_string()
            }
        }
    }

    /// A date `YYYY-MM-DD`.
    fn date(&mut self, d: &Spanned<Scalar>, key: &str) -> Option<(i32, u8, u8)> {
        if d.value.is_invalid() {
            self.err_at(&d.referenced, &format!("`{key}` must be a date written YYYY-MM-DD, not a list or group"));
            return None;
        }
        let text = d.value.text();
        match parse_date(&text) {
            Some(date) => Some(date),
            None => {
                self.err_at(&d.referenced, &format!("`{key}` must be a date written YYYY-MM-DD, not `{text}`"));
                None
            }
        }
    }

    /// A data file named in thesis.yaml; returns its compiler path.
    fn file(&mut self, f: &S, extensions: &[&str]) -> Option<String> {
        let found = self.locate(f, extensions)?;
        Some(found.vpath)
    }

    /// A scanned signed page (image or PDF); an encrypted or damaged PDF is refused at its line,
    /// as an appendix PDF is.
    fn scan_file(&mut self, f: &S) -> Option<String> {
        let found = self.locate(f, IMAGE_OR_PDF)?;
        if found.vpath.to_lowercase().ends_with(".pdf")
            && let Err(problem) = appendix::pdf_page_count(&found.disk)
        {
            let d = Diagnostic::error(format!("`{}`: {problem}", f.value)).hint(problem.hint());
            self.errors.push(d.at(self.yaml_path, location_range(self.yaml, &f.referenced)));
            return None;
        }
        Some(found.vpath)
    }

    /// A source file (chapter, abstract, …); returns the path the template includes.
    fn source(&mut self, f: &S, extensions: &[&str]) -> Option<String> {
        let found = self.locate(f, extensions)?;
        let include = if found.vpath.ends_with(".typ") { found.vpath.clone() } else { generated_path(&found.vpath) };
        if !self.sources.iter().any(|s| s.vpath == found.vpath) {
            self.sources.push(SourceFile { disk: found.disk, vpath: found.vpath, include: include.clone() });
        }
        Some(include)
    }

    /// Finds a file named in thesis.yaml inside the project, checking its extension.
    fn locate(&mut self, f: &S, extensions: &[&str]) -> Option<paths::ProjectFile> {
        let ext = Path::new(&f.value).extension().and_then(|e| e.to_str()).map(str::to_lowercase);
        if !ext.as_deref().is_some_and(|e| extensions.contains(&e)) {
            let list = extensions.iter().map(|e| format!(".{e}")).collect::<Vec<_>>().join(", ");
            self.err_at(&f.referenced, &format!("`{}` should be a {list} file", f.value));
            return None;
        }
        match paths::resolve(self.root, self.base, &f.value) {
            Ok(found) => Some(found),
            Err(problem) => {
                let hint = match &problem {
                    PathProblem::NotFound { .. } => "paths are relative to the thesis/ folder or to the project folder",
                    PathProblem::OutsideRoot => "keep every file of the thesis inside the project folder",
                    PathProblem::IsDirectory => "name a file, not a folder",
                };
                let d = self.diag_at(&f.referenced, &format!("`{}`: {problem}", f.value)).hint(hint);
                self.errors.push(d);
                None
            }
        }
    }

    /// Records a missing required key.
    fn missing(&mut self, key: &str, example: &str) {
        let d = Diagnostic::error(format!("thesis.yaml has no `{key}`"))
            .at(self.yaml_path, 0..0)
            .hint(format!("add it, for example:\n{example}"));
        self.errors.push(d);
    }

    /// Records an error at a location of thesis.yaml.
    fn err_at(&mut self, at: &Location, message: &str) {
        let d = self.diag_at(at, message);
        self.errors.push(d);
    }

    /// A diagnostic at a location of thesis.yaml.
    fn diag_at(&self, at: &Location, message: &str) -> Diagnostic {
        Diagnostic::error(message).at(self.yaml_path, location_range(self.yaml, at))
    }
}

/// Image or PDF files (scanned pages).
const IMAGE_OR_PDF: &[&str] = &["pdf", "png", "jpg", "jpeg"];

/// The byte range in `yaml` of a saphyr location (the rest of its line).
pub fn location_range(yaml: &str, at: &Location) -> std::ops::Range<usize> {
    if at.line() == 0 {
        return 0..0;
    }
    let line = line_range(yaml, at.line() as usize);
    let col_offset: usize =
        yaml[line.clone()].chars().take((at.column() as usize).saturating_sub(1)).map(char::len_utf8).sum();
    (line.start + col_offset)..line.end
}

/// The compiler path of the converted markup of a Markdown file.
pub fn generated_path(md_vpath: &str) -> String {
    let stem = md_vpath.rsplit_once('.').map_or(md_vpath, |(s, _)| s);
    format!("/_tesis/md{stem}.typ")
}

/// A person from the raw form.
fn person(p: &RawPerson) -> Person {
    Person {
        nama: p.nama.trim().to_string(),
        nim: p.nim.as_ref().map(Scalar::text),
        peran: p.peran.clone(),
        jabatan: p.jabatan.clone(),
        nik: p.nik.as_ref().map(Scalar::text),
    }
}

/// An optional text value, trimmed; empty counts as absent.
fn text(v: &Option<S>) -> Option<String> {
    v.as_ref().map(|s| s.value.trim().to_string()).filter(|s| !s.is_empty())
}

/// Whether a string is a Typst length in cm, mm, in or pt.
fn is_length(v: &str) -> bool {
    let v = v.trim();
    ["cm", "mm", "in", "pt"]
        .iter()
        .any(|unit| v.strip_suffix(unit).is_some_and(|n| n.parse::<f64>().is_ok_and(|x| (0.0..100.0).contains(&x))))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Option<(i32, u8, u8)> {
    let mut parts = s.trim().splitn(3, '-');
    let y = parts.next()?.parse().ok()?;
    let m: u8 = parts.next()?.parse().ok()?;
    let d: u8 = parts.next()?.parse().ok()?;
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then_some((y, m, d))
}

/// Indonesian month names (Typst's `datetime.display()` prints English ones).
pub const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// "10 Mei 2015".
pub fn indonesian_date(y: i32, m: u8, d: u8) -> String {
    format!("{d} {} {y}", BULAN[(m - 1) as usize])
}

/// The date of SOURCE_DATE_EPOCH, when set (reproducible builds, F31).
pub fn source_date_epoch() -> Option<(i32, u8, u8)> {
    let secs: i64 = std::env::var("SOURCE_DATE_EPOCH").ok()?.trim().parse().ok()?;
    Some(civil_from_days(secs.div_euclid(86_400)))
}

/// Converts days since 1970-01-01 to a calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i32, u8, u8) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    ((if m <= 2 { y + 1 } else { y }) as i32, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_indonesian() {
        assert_eq!(indonesian_date(2015, 5, 10), "10 Mei 2015");
        assert_eq!(parse_date("2015-05-10"), Some((2015, 5, 10)));
        assert_eq!(parse_date("10/05/2015"), None);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(20_000), (2024, 10, 4));
    }

    #[test]
    fn generated_paths_live_under_tesis() {
        assert_eq!(generated_path("/thesis/bab1.md"), "/_tesis/md/thesis/bab1.typ");
    }

    #[test]
    fn lengths() {
        assert!(is_length("4cm") && is_length(" 30mm") && !is_length("4") && !is_length("big"));
    }
}
