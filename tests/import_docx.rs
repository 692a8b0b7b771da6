//! `tesis import FILE.docx` (issue 21): what is not a Word draft it can read is refused with a
//! message naming the file, exit 1 and nothing written; a folder holding a thesis is refused.

mod common;

use std::io::Write;
use std::path::Path;

use common::TestProject;

/// A minimal .docx (content types, document.xml) whose body is `body` (WordprocessingML).
fn docx(body: &str) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let opts = zip::write::SimpleFileOptions::default();
    zip.start_file("[Content_Types].xml", opts).expect("zip");
    zip.write_all(br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).expect("zip");
    zip.start_file("word/document.xml", opts).expect("zip");
    let doc = format!(
        r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    zip.write_all(doc.as_bytes()).expect("zip");
    zip.finish().expect("zip");
    out.into_inner()
}

/// A paragraph of plain text.
fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// An OLE compound file's first bytes followed by `stream` named in UTF-16 (as a directory entry).
fn ole(stream: &str) -> Vec<u8> {
    let mut bytes = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    bytes.extend(std::iter::repeat_n(0u8, 504));
    bytes.extend(stream.encode_utf16().flat_map(|u| u.to_le_bytes()));
    bytes.extend(std::iter::repeat_n(0u8, 512));
    bytes
}

/// Runs `tesis import NAME --root out` in an empty project holding `bytes` as NAME; asserts
/// exit 1, the messages and that nothing was written.
#[track_caller]
fn refused(name: &str, bytes: &[u8], needles: &[&str]) {
    let project = TestProject::empty();
    project.write(name, bytes);
    project.tesis(&["import", name, "--root", "out"]).fails_with(needles);
    assert!(!project.path("out").exists(), "{name}: something was written");
    let left: Vec<_> = std::fs::read_dir(project.path("")).expect("read").flatten().map(|e| e.file_name()).collect();
    assert_eq!(left.len(), 1, "{name}: files appeared next to it: {left:?}");
}

#[test]
fn a_word_97_document_is_refused_naming_the_file() {
    refused("draf.doc", &ole("WordDocument"), &["draf.doc", "old Word 97-2003 document (.doc)", "tesis import"]);
}

#[test]
fn a_password_protected_document_is_refused() {
    refused("draf.docx", &ole("EncryptedPackage"), &["draf.docx", "protected with a password"]);
}

#[test]
fn an_opendocument_text_is_refused() {
    let mut out = std::io::Cursor::new(Vec::new());
    let mut zip = zip::ZipWriter::new(&mut out);
    let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).expect("zip");
    zip.write_all(b"application/vnd.oasis.opendocument.text").expect("zip");
    zip.start_file("content.xml", stored).expect("zip");
    zip.write_all(b"<office:document-content/>").expect("zip");
    zip.finish().expect("zip");
    let bytes = out.into_inner();
    refused("draf.odt", &bytes, &["draf.odt", "OpenDocument text (.odt)", "save it as Word"]);
    // Named .docx, an .odt is still told apart.
    refused("salah-nama.docx", &bytes, &["salah-nama.docx", "OpenDocument text (.odt)"]);
}

#[test]
fn a_damaged_document_is_refused() {
    let good = docx(&(p("BAB I PENDAHULUAN") + &p("Teks.")));
    refused("rusak.docx", &good[..good.len() / 2], &["rusak.docx", "damaged"]);
}

#[test]
fn a_zip_bomb_is_refused() {
    // 70 MB of spaces in document.xml pack into a few hundred kB.
    let body = p("BAB I PENDAHULUAN") + &" ".repeat(70 << 20);
    refused("bom.docx", &docx(&body), &["bom.docx", "zip bomb"]);
}

#[test]
fn a_document_without_a_chapter_is_refused() {
    let body = p("JUDUL TESIS") + &p("Ini hanya catatan tanpa bab.") + &p("Babak baru dimulai.");
    refused("catatan.docx", &docx(&body), &["catatan.docx", "no chapter", "BAB I", "Heading 1"]);
}

#[test]
fn a_folder_that_holds_a_thesis_is_refused() {
    let project = TestProject::default_thesis();
    let before = project.read("thesis/thesis.yaml");
    project.write("draf.docx", docx(&(p("BAB I PENDAHULUAN") + &p("Teks."))));
    project.tesis(&["import", "draf.docx"]).fails_with(&["holds a thesis already", "thesis.yaml"]);
    assert_eq!(project.read("thesis/thesis.yaml"), before, "thesis.yaml was changed");
    assert!(!project.path("thesis/draft/draf.md").exists(), "the draft was written");
}

#[test]
fn files_already_in_the_folder_are_not_overwritten() {
    let project = TestProject::empty();
    project.write("draf.docx", docx(&(p("BAB I PENDAHULUAN") + &p("Teks."))));
    project.write("thesis/bab1.md", "# Punya saya\n");
    project.tesis(&["import", "draf.docx"]).fails_with(&["bab1.md", "already exists", "does not overwrite"]);
    assert_eq!(project.read("thesis/bab1.md"), "# Punya saya\n");
    assert!(!project.path("thesis/thesis.yaml").exists() && !project.path(".gitignore").exists(), "files were written");
}

#[test]
fn a_minimal_document_with_typed_chapter_heads_becomes_a_project() {
    let body = p("JUDUL")
        + &p("BAB I")
        + &p("PENDAHULUAN")
        + &p("Paragraf pertama.")
        + &p("BAB II")
        + &p("TINJAUAN PUSTAKA")
        + &p("Paragraf kedua.");
    let project = TestProject::empty();
    project.write("draf.docx", docx(&body));
    project.tesis(&["import", "draf.docx", "--root", "out"]).ok();
    let out = Path::new("out/thesis");
    let bab1 = project.read(&out.join("bab1.md").to_string_lossy());
    let bab2 = project.read(&out.join("bab2.md").to_string_lossy());
    assert_eq!(bab1, "# PENDAHULUAN\n\nParagraf pertama.\n");
    assert_eq!(bab2, "# TINJAUAN PUSTAKA\n\nParagraf kedua.\n");
    let yaml = project.read("out/thesis/thesis.yaml");
    assert!(yaml.contains("bab:\n  - bab1.md\n  - bab2.md\n"), "{yaml}");
    assert!(project.path("out/figures/logo-umy.svg").exists());
}

/// Makes the draft of `tests/import_docx/make.py` (LibreOffice writes it, python-docx adds the
/// Zotero and Mendeley fields) in `dir`; false (skipped or failed under CI) when the tools lack.
#[track_caller]
fn make_draft(dir: &Path) -> bool {
    if !common::require("soffice", "libreoffice-writer-nogui") {
        return false;
    }
    let docx_ok =
        std::process::Command::new("python3").args(["-c", "import docx"]).output().is_ok_and(|o| o.status.success());
    if !common::require_that(docx_ok, "python3 -c 'import docx'", "python-docx (pip install python-docx)") {
        return false;
    }
    let script = common::repo().join("tests/import_docx/make.py");
    let run = std::process::Command::new("python3").arg(script).arg(dir).output().expect("run make.py");
    assert!(run.status.success(), "make.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    true
}

#[test]
fn a_libreoffice_draft_with_zotero_and_mendeley_fields_becomes_a_project_that_builds() {
    let project = TestProject::empty();
    if !make_draft(&project.path("")) {
        return;
    }
    // The same draft saved by LibreOffice as Word 97-2003 and as OpenDocument is refused.
    project.tesis(&["import", "draft.doc", "--root", "out"]).fails_with(&["draft.doc", "Word 97-2003 document (.doc)"]);
    project.tesis(&["import", "draft.odt", "--root", "out"]).fails_with(&["draft.odt", "OpenDocument text (.odt)"]);
    assert!(!project.path("out").exists(), "a refused import wrote files");
    let run = project.tesis(&["import", "draft.docx", "--root", "out"]).ok();
    let report = run.stderr();
    let bab1 = project.read("out/thesis/bab1.md");
    let bab2 = project.read("out/thesis/bab2.md");

    // Chapters split at the Heading 1 "BAB I …" and at the typed "BAB II" / "TINJAUAN PUSTAKA" lines.
    assert!(bab1.starts_with("# PENDAHULUAN\n\n## A. Latar Belakang\n\n"), "{bab1}");
    assert!(bab2.starts_with("# TINJAUAN PUSTAKA\n\n"), "{bab2}");
    assert!(!project.path("out/thesis/bab3.md").exists(), "DAFTAR PUSTAKA became a chapter");
    // Sub-headings: a styled heading without a number gets the one its level has; a bold typed
    // "a." line is a heading; levels from the styles.
    for heading in ["## B. Rumusan Masalah\n", "### 1. Konsep Otonomi Daerah\n", "#### a. Dokumen Resmi\n"] {
        assert!(bab1.contains(heading), "no {heading:?} in:\n{bab1}");
    }
    // Formatting and footnotes.
    for piece in [
        "Kerja sama *sister city* dipelajari",
        "**kegiatan luar negeri** pemerintah daerah[^1] dengan",
        "km<sup>2</sup> dan emisi CO<sub>2</sub>",
        "[^1]: Lihat juga situs resmi Kabupaten Bogor, www.bogorkab.go.id.",
        "[^2]: Tentang paradiplomasi, bandingkan dengan *constituent diplomacy*.",
        "\n> Paradiplomasi adalah keterlibatan pemerintah sub-nasional",
        "\n1. Bagaimana kebijakan daerah disusun?\n1. Apa hasil kerja samanya?\n",
        "\n- dokumen kerja sama,\n- wawancara.\n",
    ] {
        assert!(bab1.contains(piece), "no {piece:?} in:\n{bab1}");
    }
    // Citation fields at their place, the displayed result dropped; keys as Better BibTeX forms
    // them, the second 2013 work of Mukti with the suffix a.
    for piece in [
        "sejak lama [@jatmikaotonomi2001, hlm. 12].",
        "yang tercatat [@holstipolitik1998, hlm. 89].",
        "[@muktiparadiplomacy2013, hlm. 31; @jatmikaotonomi2001]",
        "[@muktiparadiplomacy2013a, hlm. 5-7]",
        "sebagai berikut [@masoedilmu1994]:",
    ] {
        assert!(bab1.contains(piece), "no {piece:?} in:\n{bab1}");
    }
    assert!(bab2.contains("otonomi daerah [@jatmikaotonomi2001, hlm. 40]."), "{bab2}");
    for shown in ["(Jatmika 2001", "(Holsti, 1998)", "Mas’oed 1994", "DAFTAR ISI", "Rosenau"] {
        assert!(!bab1.contains(shown) && !bab2.contains(shown), "{shown:?} is in a chapter");
    }
    let bib = project.read("out/thesis/pustaka.bib");
    for piece in [
        "@book{jatmikaotonomi2001,\n  author    = {Jatmika, Sidik},",
        "@book{holstipolitik1998,\n  author    = {Holsti, K. J.},",
        "@article{muktiparadiplomacy2013a,",
        "  journal   = {Jurnal Hubungan Internasional},",
        "@book{masoedilmu1994,",
    ] {
        assert!(bib.contains(piece), "no {piece:?} in pustaka.bib:\n{bib}");
    }
    assert_eq!(bib.matches("\n@").count(), 5, "{bib}");
    // The typed DAFTAR PUSTAKA is compared with the fields' works, not converted.
    assert!(report.contains("DAFTAR PUSTAKA: 3 entries in the document, 5 works cited"), "{report}");
    assert!(report.contains("matches no citation field") && report.contains("Rosenau"), "{report}");
    assert!(report.contains("@masoedilmu1994 is cited but not in the document's DAFTAR PUSTAKA"), "{report}");

    // Tables and the image.
    assert!(
        bab1.contains(
            "| Tahun | Kunjungan |\n|---|---|\n| 2010 | 3 |\n| 2011 | 5 |\n\nTable: Kunjungan Delegasi {#tbl-1-1}"
        ),
        "{bab1}"
    );
    assert!(bab1.contains("![Anggaran Kerja Sama](../figures/tabel-1-2.csv){#tbl-1-2}"), "{bab1}");
    assert_eq!(
        project.read("out/figures/tabel-1-2.csv"),
        "\"Bidang\",\"Anggaran\",\"\"\n\"\",\"2010\",\"2011\"\n\"Pendidikan\",\"10\",\"12\"\n"
    );
    assert!(report.contains("merged cells"), "{report}");
    assert!(
        bab1.contains(
            "![Peta Kabupaten Bogor](../figures/gambar-1-1.png){#gbr-1-1}\n\nSumber: Bappeda Kabupaten Bogor, 2015."
        ),
        "{bab1}"
    );
    let png = std::fs::read(project.path("gambar.png")).expect("gambar.png");
    assert_eq!(std::fs::read(project.path("out/figures/gambar-1-1.png")).expect("figure"), png);

    // Cover values.
    let yaml = project.read("out/thesis/thesis.yaml");
    for piece in [
        "\njudul: \"KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN KERJASAMA INTERNASIONAL\"\n",
        "\nsub_judul: \"(Studi Kasus: Sister City Kabupaten Bogor dengan Nanning)\"\n",
        "\n  nama: \"RINA MAHASISWI\"\n  nim: \"20231060077\"\n",
        "\nprogram_studi: \"Magister Ilmu Hubungan Internasional\"\n",
        "\ntahun_akademik: \"2024/2025\"\n",
        "\npembimbing:\n  - nama: \"Dr. Ahmad Sahide, M.A.\"\n",
        "\nbab:\n  - bab1.md\n  - bab2.md\n",
        "\n# judul_en:",
    ] {
        assert!(yaml.contains(piece), "no {piece:?} in thesis.yaml:\n{yaml}");
    }
    let notes = project.read("out/thesis/IMPORT-NOTES.md");
    assert!(notes.contains("merged cells") && notes.contains("thesis/draft/draft.md"), "{notes}");

    // The imported project builds, with the figure, the tables and the citations.
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_tesis"))
        .args(["build", "--root", "out"])
        .current_dir(project.path(""))
        .output()
        .expect("run tesis build");
    assert!(built.status.success(), "tesis build failed:\n{}", String::from_utf8_lossy(&built.stderr));
    if common::require("pdftotext", "poppler-utils") {
        let text = common::pdf_text(&project.path("out/thesis.pdf")).split_whitespace().collect::<Vec<_>>().join(" ");
        for piece in
            ["Gambar 1.1 Peta Kabupaten Bogor", "Tabel 1.2 Anggaran Kerja Sama", "Sidik Jatmika, Otonomi Daerah"]
        {
            assert!(text.contains(piece), "the PDF lacks {piece:?}");
        }
    }
}

/// The blocks of a chapter without its note definitions and draft markers (`TODO:` paragraphs
/// are not exported), as (running text, note definitions).
fn split_notes(md: &str) -> (String, Vec<String>) {
    let mut text = String::new();
    let mut notes = Vec::new();
    for block in md.split("\n\n").map(str::trim) {
        if block.starts_with("[^") && block.contains("]: ") {
            notes.push(block.split_once("]: ").map_or("", |(_, t)| t).to_string());
        } else if !block.starts_with("TODO:") {
            text.push_str(block);
            text.push('\n');
        }
    }
    (text, notes)
}

/// `text` with its footnote references and citation groups (`[… @key …]`) cut out: the text,
/// how many footnote references, and the citation groups in order.
fn cut_marks(text: &str) -> (String, usize, Vec<String>) {
    let mut out = String::new();
    let mut notes = 0;
    let mut citations = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('[') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let end = tail.find(']').unwrap_or(tail.len() - 1);
        let group = &tail[..=end];
        let image = out.ends_with('!');
        if !image && group.starts_with("[^") {
            notes += 1;
        } else if !image && group.contains('@') {
            citations.push(group.to_string());
        } else {
            out.push_str(group);
        }
        rest = &tail[end + 1..];
    }
    out.push_str(rest);
    (out, notes, citations)
}

/// Words of running Markdown: the figure syntax (path, label) left out.
fn running_words(text: &str) -> Vec<String> {
    let mut words = common::words(text);
    words.retain(|w| !matches!(w.as_str(), "figures" | "png" | "svg"));
    let mut sorted: Vec<String> = words.into_iter().filter(|w| !w.starts_with("gbr")).collect();
    sorted.sort();
    sorted
}

/// The words of `a` not matched by one in `b` (both sorted).
fn multiset_minus(a: &[String], b: &[String]) -> Vec<String> {
    let mut rest = b.to_vec();
    a.iter()
        .filter(|w| match rest.iter().position(|x| x == *w) {
            Some(i) => {
                rest.remove(i);
                false
            }
            None => true,
        })
        .cloned()
        .collect()
}

#[test]
fn the_sample_exported_by_tesis_docx_imports_with_the_same_words_notes_and_citations() {
    let project = TestProject::default_thesis();
    project.tesis(&["docx"]).ok();
    project.tesis(&["import", "thesis.docx", "--root", "back"]).ok();
    let mut citations = 0;
    for n in 1..=5 {
        let name = format!("thesis/bab{n}.md");
        let sample = project.read(&name);
        let back = project.read(&format!("back/{name}"));
        let (sample_text, sample_notes) = split_notes(&sample);
        let (back_text, back_notes) = split_notes(&back);
        let (sample_text, sample_refs, sample_cites) = cut_marks(&sample_text);
        let (back_text, back_refs, back_cites) = cut_marks(&back_text);
        // Figure labels differ (the import numbers them gbr-1-1 …); words of the text do not.
        // Typed heading numbers are dropped by the converter (the template numbers headings).
        let strip_labels = |t: &str| {
            t.lines()
                .map(|l| l.split("{#").next().unwrap_or(l).split("](").next().unwrap_or(l))
                .map(|l| match l.strip_prefix('#').map(|h| h.trim_start_matches('#').trim()) {
                    Some(h) => h
                        .split_once(' ')
                        .filter(|(n, _)| n.ends_with('.') || n.ends_with(')'))
                        .map_or(h, |(_, t)| t)
                        .to_string(),
                    None => l.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (back_words, sample_words) =
            (running_words(&strip_labels(&back_text)), running_words(&strip_labels(&sample_text)));
        let missing = multiset_minus(&sample_words, &back_words);
        let extra = multiset_minus(&back_words, &sample_words);
        assert!(missing.is_empty() && extra.is_empty(), "bab{n}: words lost {missing:?}, words added {extra:?}");
        // The same citations (keys, locators, prefixes), in the same order: tesis docx writes
        // each citation's note as a CSL citation field the import reads back.
        assert_eq!(back_cites, sample_cites, "bab{n}: citations");
        citations += sample_cites.len();
        // The same footnotes, each with its text.
        assert_eq!(back_refs, sample_refs, "bab{n}: footnote references");
        assert_eq!(back_notes.len(), sample_notes.len(), "bab{n}: footnote texts");
        for note in &sample_notes {
            let words = common::words(note);
            assert!(
                back_notes.iter().any(|b| common::words(b) == words),
                "bab{n}: the footnote {note:?} did not come back"
            );
        }
    }
    assert!(citations >= 10, "the sample's chapters hold only {citations} citations");
    // pustaka.bib was written from the fields, with the project's keys: the project builds.
    let bib = project.read("back/thesis/pustaka.bib");
    assert!(bib.contains("@book{jatmika_otonomi_2001,\n  author    = {Jatmika, Sidik},"), "{bib}");
    project.tesis(&["build", "--root", "back"]).ok();
}

#[test]
fn a_python_docx_draft_with_word_styles_becomes_a_project_that_builds() {
    let project = TestProject::empty();
    let docx_ok =
        std::process::Command::new("python3").args(["-c", "import docx"]).output().is_ok_and(|o| o.status.success());
    if !common::require_that(docx_ok, "python3 -c 'import docx'", "python-docx (pip install python-docx)") {
        return;
    }
    let script = common::repo().join("tests/import_docx/make.py");
    let run = std::process::Command::new("python3")
        .arg(script)
        .arg("--python-docx")
        .arg(project.path(""))
        .output()
        .expect("run make.py");
    assert!(run.status.success(), "make.py failed:\n{}", String::from_utf8_lossy(&run.stderr));
    let report = project.tesis(&["import", "pydocx.docx", "--root", "out"]).ok().stderr();
    let bab1 = project.read("out/thesis/bab1.md");
    let bab2 = project.read("out/thesis/bab2.md");
    // Typed "BAB I" / "PENDAHULUAN" lines, Heading 1 "BAB II …"; Heading 2/3 levels from the
    // styles with the numbers they print; List Bullet / List Number numbered through the style.
    assert!(bab1.starts_with("# PENDAHULUAN\n\n## A. Latar Belakang\n\n"), "{bab1}");
    assert!(bab1.contains("\n## B. Rumusan Masalah\n"), "{bab1}");
    assert_eq!(
        bab2,
        "# TINJAUAN PUSTAKA\n\n## A. Diplomasi Publik\n\n### 1. Konsep Diaspora\n\nKajian diaspora berkembang pesat.\n"
    );
    for piece in [
        "Diaspora berperan dalam diplomasi publik [@jatmikaotonomi2001, hlm. 7] dan menurut Holsti [@holstipolitik1998, hlm. 12].",
        "\n- pertunjukan budaya,\n- forum bisnis.\n",
        "\n1. mengumpulkan data;\n1. menganalisis data.\n",
        "![Jumlah Diaspora](../figures/tabel-1-1.csv){#tbl-1-1}",
        "![Sebaran Diaspora](../figures/gambar-1-1.png){#gbr-1-1}\n\nSumber: KBRI Den Haag, 2021.",
    ] {
        assert!(bab1.contains(piece), "no {piece:?} in:\n{bab1}");
    }
    // Cells merged across (gridSpan) and down (vMerge).
    assert_eq!(
        project.read("out/figures/tabel-1-1.csv"),
        "\"Wilayah\",\"Jumlah\",\"\"\n\"\",\"2020\",\"2021\"\n\"Belanda\",\"1.700\",\"1.750\"\n"
    );
    // The Zotero bibliography field (over two paragraphs) is compared, not imported.
    assert!(report.contains("DAFTAR PUSTAKA: 2 entries in the document, 2 works cited"), "{report}");
    assert!(!bab2.contains("Erlangga") && !bab1.contains("Erlangga"), "the bibliography became text");
    let yaml = project.read("out/thesis/thesis.yaml");
    for piece in [
        "\njenis: \"proposal\"\n",
        "\njudul: \"PERAN DIASPORA DALAM DIPLOMASI PUBLIK\"\n",
        "\n  nama: \"BUDI SANTOSO\"\n  nim: \"20221060011\"\n",
        "\npembimbing:\n  - nama: \"Prof. Dr. Tulus Warsito, M.Si.\"\n",
    ] {
        assert!(yaml.contains(piece), "no {piece:?} in thesis.yaml:\n{yaml}");
    }
    let built = std::process::Command::new(env!("CARGO_BIN_EXE_tesis"))
        .args(["build", "--root", "out"])
        .current_dir(project.path(""))
        .output()
        .expect("run tesis build");
    assert!(built.status.success(), "tesis build failed:\n{}", String::from_utf8_lossy(&built.stderr));
}
