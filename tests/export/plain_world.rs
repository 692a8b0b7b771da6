//! A plain Typst world, written for the export test alone: what stock
//! `typst compile OUT/main.typ --root OUT --font-path OUT/fonts --ignore-system-fonts` sees: the
//! export's fonts and Typst's own embedded fonts (the math font of a formula). It uses only `typst` and
//! `typst-kit`, never tesis's own world, so the comparison checks the exported folder and not
//! tesis's code a second time.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_kit::files::{FileLoader, FileStore};
use typst_kit::fonts::FontStore;
use typst_layout::PagedDocument;

/// The world of one compile of an exported project.
pub struct PlainWorld {
    /// The standard library with no inputs and no features, as the CLI builds it without flags.
    library: LazyHash<Library>,
    /// The fonts of `ROOT/fonts/`, nothing else.
    fonts: FontStore,
    /// The files under the root, each read once per compile (sources and bytes).
    files: FileStore<RootFiles>,
    /// `/main.typ`.
    main: FileId,
    /// Whether the document asked for today's date (then the PDF would depend on the clock).
    asked_today: AtomicBool,
}

impl PlainWorld {
    /// A world over the exported project at `root`: main file `/main.typ`, fonts from `root/fonts`
    /// and Typst's embedded ones.
    pub fn new(root: &Path) -> Self {
        let root = root.canonicalize().unwrap_or_else(|e| panic!("{}: {e}", root.display()));
        let mut fonts = FontStore::new();
        fonts.extend(typst_kit::fonts::scan(&root.join("fonts")));
        // Stock typst keeps its embedded fonts unless told `--ignore-embedded-fonts`.
        fonts.extend(typst_kit::fonts::embedded());
        let main = RootedPath::new(VirtualRoot::Project, VirtualPath::new("/main.typ").unwrap()).intern();
        Self {
            library: LazyHash::new(Library::default()),
            fonts,
            files: FileStore::new(RootFiles { root }),
            main,
            asked_today: AtomicBool::new(false),
        }
    }

    /// How many font faces the world has.
    pub fn font_count(&self) -> usize {
        self.fonts.book().families().map(|(_, faces)| faces.count()).sum()
    }

    /// Whether the compile asked for today's date.
    pub fn asked_today(&self) -> bool {
        self.asked_today.load(Ordering::Relaxed)
    }

    /// Compiles `/main.typ` and exports the PDF with default options, as `typst compile` does.
    /// Errors come back as "file: message" lines.
    pub fn compile_pdf(&self) -> Result<Vec<u8>, String> {
        let document = typst::compile::<PagedDocument>(self).output.map_err(|errors| self.describe(&errors))?;
        typst_pdf::pdf(&document, &typst_pdf::PdfOptions::default()).map_err(|errors| self.describe(&errors))
    }

    /// The errors of a compile, one per line, with the file each points into.
    fn describe(&self, errors: &[SourceDiagnostic]) -> String {
        errors
            .iter()
            .map(|e| {
                let file = e.span.id().map_or("?".to_string(), |id| id.vpath().get_with_slash().to_string());
                format!("{file}: {}", e.message)
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl World for PlainWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.files.source(id)
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.file(id)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// The CLI's answer: the date now, in UTC plus the offset the document asks for (with no
    /// offset the CLI takes the machine's time zone, which a test cannot know without a clock
    /// crate; UTC stands in for it).
    fn today(&self, offset: Option<Duration>) -> Option<Datetime> {
        self.asked_today.store(true, Ordering::Relaxed);
        let now = SystemTime::now().duration_since(UNIX_EPOCH).ok()?.as_secs() as i64;
        let shift = offset.map_or(0.0, |o| o.seconds().trunc());
        if !shift.is_finite() || shift.abs() > f64::from(i32::MAX) {
            return None;
        }
        let (year, month, day) = civil_date((now + shift as i64).div_euclid(86_400));
        Datetime::from_ymd(year, month, day)
    }
}

/// Serves the files under the root from disk.
struct RootFiles {
    /// The exported folder (canonical).
    root: PathBuf,
}

impl FileLoader for RootFiles {
    fn load(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            // The export vendors nothing from Typst Universe; a package import is a failure here.
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        let path = id.vpath().realize(&self.root)?;
        let real = path.canonicalize().map_err(|e| FileError::from_io(e, &path))?;
        if !real.starts_with(&self.root) {
            // A symbolic link out of the exported folder: the export would not be self-contained.
            return Err(FileError::AccessDenied);
        }
        if real.is_dir() {
            return Err(FileError::IsDirectory);
        }
        std::fs::read(&real).map(Bytes::new).map_err(|e| FileError::from_io(e, &path))
    }
}

/// The proleptic Gregorian (year, month, day) of a day counted from 1970-01-01.
fn civil_date(days: i64) -> (i32, u8, u8) {
    // Shift the epoch to 0000-03-01 so that leap days end each 400-year era's years.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year as i32, month as u8, day as u8)
}

#[test]
fn civil_dates() {
    assert_eq!(civil_date(0), (1970, 1, 1));
    assert_eq!(civil_date(59), (1970, 3, 1));
    assert_eq!(civil_date(11_016), (2000, 2, 29));
    assert_eq!(civil_date(19_782), (2024, 2, 29));
    assert_eq!(civil_date(-1), (1969, 12, 31));
}
