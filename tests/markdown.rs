//! Issue 4: a thesis whose chapters mix `.md` and `.typ`, with footnotes, citations, a CSV table,
//! a pipe table, an SVG and a PNG figure and cross-references builds; the PDF shows the numbers,
//! the notes, the bibliography and the literal text of injection attempts. Errors in a Markdown
//! chapter name the `.md` line.

mod common;

use common::TestProject;

/// The text of the mixed fixture's PDF, with line breaks folded to spaces.
fn mixed_text() -> (TestProject, String) {
    let p = TestProject::fixture("mixed");
    p.build_ok();
    let text = p.pdf_text().split_whitespace().collect::<Vec<_>>().join(" ");
    (p, text)
}

#[test]
fn mixed_md_and_typ_chapters_build_with_numbers_notes_and_bibliography() {
    let (_p, text) = mixed_text();
    for needle in [
        // F25: per-chapter numbering, captions, and references printed as numbers.
        "Gambar 2.1 Alur kerja sama sister city",
        "Gambar 2.2 Foto pertemuan delegasi",
        "Tabel 2.1 Kota bersaudara",
        "Tabel 2.2 Data kunjungan delegasi",
        "Lihat Gambar 2.1, Gambar 2.2, Tabel 2.1 dan Tabel 2.2, serta kembali ke BAB I",
        // CSV and pipe table cells.
        "Nanning ke Bogor",
        "Nanning 2015",
        // Footnotes from both kinds of chapter, and citations as notes with the place (F23).
        "Catatan kaki dari bab Typst.",
        "Catatan kaki Markdown yang menjelaskan paradiplomasi.",
        "Holsti, Politik Internasional: Kerangka untuk Analisis (Jakarta: Erlangga, 1998), hlm. 89.",
        "Mukti, Paradiplomacy: Kerjasama Luar Negeri oleh Pemda di Indonesia (Yogyakarta: Buku Litera, 2013), hlm. 31.",
        // The bibliography (F24), family name first.
        "Wolff, Stefan. Paradiplomacy: Scope, Opportunities and Challenges.",
        // Sources under figures and tables (F27).
        "Sumber: Olahan penulis, 2015",
        "Sumber: Arsip Pemkab Bogor",
    ] {
        assert!(text.contains(needle), "PDF text lacks {needle:?}:\n{text}");
    }
}

#[test]
fn injection_attempts_print_literally() {
    let (p, text) = mixed_text();
    let folded = text.replace(' ', "");
    // The quotes are running text: smart punctuation curls them, as pandoc does.
    for needle in ["#read(“/etc/passwd”)", "$x^2$", "<b>tebal</b>", "//bukankomentar*/dan-1."] {
        assert!(folded.contains(&needle.replace(' ', "")), "PDF text lacks {needle:?}:\n{text}");
    }
    // The raw HTML is shown, and the student is told why.
    let err = p.tesis(&["build"]).ok().stderr();
    assert!(err.contains("thesis/bab2.md:30:") && err.contains("raw HTML is shown as text"), "{err}");
}

#[test]
fn missing_citation_key_names_md_line_and_column() {
    let p = TestProject::fixture("mixed");
    p.edit("thesis/bab2.md", "[@mukti2013, hlm. 31]", "[@mukti2031, hlm. 31]");
    p.tesis(&["build"]).fails_with(&["thesis/bab2.md:7:", "mukti2031"]);
    assert!(!p.path("thesis.pdf").exists());
}

#[test]
fn missing_image_names_md_line() {
    let p = TestProject::fixture("mixed");
    p.edit("thesis/bab2.md", "figures/foto.png", "figures/hilang.png");
    p.tesis(&["build"]).fails_with(&["thesis/bab2.md:15:", "hilang.png", "not found"]);
}

#[test]
fn bad_csv_names_md_line_and_csv_line() {
    let p = TestProject::fixture("mixed");
    p.write("figures/kunjungan.csv", "Tahun,Delegasi,Bidang\n2008,Bogor ke Nanning\n");
    p.tesis(&["build"]).fails_with(&["thesis/bab2.md:26:", "line 2"]);
}

#[test]
fn smart_punctuation_curls_quotes_and_dashes_but_not_code() {
    let p = TestProject::fixture("mixed");
    let md = p.read("thesis/bab2.md");
    p.write(
        "thesis/bab2.md",
        format!(
            "{md}\nMenurut Mas'oed, \"kutipan\" dan 'istilah' berlaku 1998--2004 --- lalu berhenti...\n\n\
             Kode `\"x\" 'y' a--b c---d e...` tetap.\n"
        ),
    );
    p.build_ok();
    let text = p.pdf_text().split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in ["Mas’oed, “kutipan” dan ‘istilah’ berlaku 1998–2004 — lalu berhenti…", "\"x\" 'y' a--b c---d e..."]
    {
        assert!(text.contains(needle), "PDF text lacks {needle:?}:\n{text}");
    }
    assert!(!text.contains("\"kutipan\"") && !text.contains("2004 ---"), "{text}");
}

#[test]
fn positions_after_smart_punctuation_stay_on_the_md_column() {
    let p = TestProject::fixture("mixed");
    let md = p.read("thesis/bab2.md");
    let line = md.lines().count() + 2;
    // Each of “ ” — … is three bytes in the Typst file for one or three in the .md; the error
    // still points at the `@` (column 19).
    p.write("thesis/bab2.md", format!("{md}\n\"a\" --- b... \"c\" [@hilang2020]\n"));
    p.tesis(&["build"]).fails_with(&[&format!("thesis/bab2.md:{line}:19"), "hilang2020"]);
}
