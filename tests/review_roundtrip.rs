//! The supervisor's round trip (issue 16, "Done when"): the sample thesis → `tesis docx` → the
//! supervisor edits it in a real word processor (LibreOffice through UNO: replaces a word in a
//! BAB I paragraph, deletes a sentence, inserts words in a footnote, comments on a phrase) →
//! `tesis review` writes each edit at its bytes of thesis/bab1.md → `tesis accept --all` gives
//! exactly the text with the supervisor's edits applied. Once with change recording on, once off.

mod common;

use common::TestProject;
use common::supervisor::{self as sv, AUTHOR};

/// The chapter the edits are in, and the project's other sources (which must not change).
const BAB1: &str = "thesis/bab1.md";
const OTHERS: &[&str] = &[
    "thesis/bab2.md",
    "thesis/bab3.md",
    "thesis/bab4.md",
    "thesis/bab5.md",
    "thesis/thesis.yaml",
    "thesis/pustaka.bib",
];

fn edits() -> Vec<serde_json::Value> {
    vec![
        sv::in_paragraph(
            sv::replace("menjalin", "membangun"),
            "Kabupaten Bogor menjadi salah satu kabupaten yang menjalin",
        ),
        sv::delete("Ibu kotanya adalah Cibinong. "),
        sv::insert_in_footnote("Hasan Wirayudha", " (2001–2009)"),
        sv::comment("Kota modern yang banyak memiliki ruang hijau", "Sebutkan sumbernya."),
    ]
}

/// `text` with each `(from, to)` replaced, each `from` asserted to occur exactly once.
fn rewrite(text: &str, pairs: &[(&str, &str)]) -> String {
    let mut out = text.to_string();
    for (from, to) in pairs {
        assert_eq!(out.matches(from).count(), 1, "{from:?} must occur once in {BAB1}");
        out = out.replacen(from, to, 1);
    }
    out
}

/// bab1.md as `tesis review` must write it: CriticMarkup at the exact places, nothing else. A
/// tracked insertion keeps the text Word recorded (" (2001–2009)" after the word); an untracked
/// one is found word by word, and like a deletion takes the space that follows it.
fn reviewed(original: &str, track: bool) -> String {
    let insertion = if track {
        "Hasan Wirayudha{++ (2001–2009)++} mengenai"
    } else {
        "Hasan Wirayudha {++(2001–2009) ++}mengenai"
    };
    let comment = format!(
        "wilayah ini. {{==Kota modern yang banyak memiliki ruang hijau==}}{{>>{AUTHOR}: Sebutkan sumbernya.<<}} ini terletak"
    );
    rewrite(
        original,
        &[
            ("kabupaten yang menjalin hubungan", "kabupaten yang {~~menjalin~>membangun~~} hubungan"),
            (
                "Indonesia. Ibu kotanya adalah Cibinong. Kabupaten",
                "Indonesia. {--Ibu kotanya adalah Cibinong. --}Kabupaten",
            ),
            ("wilayah ini. Kota modern yang banyak memiliki ruang hijau ini terletak", &comment),
            ("Hasan Wirayudha mengenai", insertion),
        ],
    )
}

/// bab1.md with the supervisor's edits applied (and the comment gone).
fn accepted(original: &str) -> String {
    rewrite(
        original,
        &[
            ("kabupaten yang menjalin hubungan", "kabupaten yang membangun hubungan"),
            ("Indonesia. Ibu kotanya adalah Cibinong. Kabupaten", "Indonesia. Kabupaten"),
            ("Hasan Wirayudha mengenai", "Hasan Wirayudha (2001–2009) mengenai"),
        ],
    )
}

fn round_trip(track: bool) {
    if !sv::available() {
        return;
    }
    let p = TestProject::default_thesis();
    p.tesis(&["docx"]).ok();
    let original = p.read(BAB1);
    let others: Vec<Vec<u8>> = OTHERS.iter().map(|f| std::fs::read(p.path(f)).unwrap()).collect();

    sv::play(&p.path("thesis.docx"), &p.path("reviewed.docx"), track, &edits());
    let run = p.tesis(&["review", "reviewed.docx"]).ok();
    let err = run.stderr();
    assert!(!err.contains("placed as a comment instead"), "every edit is on the student's text:\n{err}");

    let got = p.read(BAB1);
    let want = reviewed(&original, track);
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got).unified_diff().header("expected", "written").to_string();
        panic!("tesis review wrote other bytes into {BAB1}:\n{diff}\n(stderr of review:\n{err})");
    }
    for (f, before) in OTHERS.iter().zip(&others) {
        assert!(std::fs::read(p.path(f)).unwrap() == *before, "{f} changed, though the supervisor did not edit it");
    }

    p.tesis(&["accept", "--all"]).ok();
    let got = p.read(BAB1);
    let want = accepted(&original);
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got).unified_diff().header("expected", "accepted").to_string();
        panic!("tesis accept --all did not give the text with the supervisor's edits:\n{diff}");
    }
    for (f, before) in OTHERS.iter().zip(&others) {
        assert!(std::fs::read(p.path(f)).unwrap() == *before, "{f} changed by accept");
    }
}

#[test]
fn tracked_changes_come_home_at_the_right_bytes() {
    round_trip(true);
}

#[test]
fn untracked_edits_come_home_at_the_right_bytes() {
    round_trip(false);
}

/// A `.typ` chapter (issue 16: "the same with a .typ chapter"): the supervisor's edits come back
/// as the template's review marks at their bytes, the chapter still builds with them, and
/// `tesis accept --all` gives exactly the edited text. Once with change recording on, once off.
fn typ_round_trip(track: bool) {
    if !sv::available() {
        return;
    }
    const BAB2: &str = "thesis/bab2.typ";
    let p = TestProject::fixture("minimal");
    p.write(BAB2, common::TYP_BAB2);
    p.tesis(&["docx"]).ok();
    let original = p.read(BAB2);
    let bab1 = p.read("thesis/bab1.md");
    let edits = vec![
        sv::in_paragraph(sv::replace("banyak", "sejumlah"), "Bab dua ditulis dalam Typst."),
        sv::delete("Kalimat ini akan dihapus oleh pembimbing. "),
        sv::insert_in_footnote("Hasan Wirayudha", " (2001–2009)"),
        sv::comment("contoh yang", "Beri contoh lain."),
    ];
    sv::play(&p.path("thesis.docx"), &p.path("reviewed.docx"), track, &edits);
    let run = p.tesis(&["review", "reviewed.docx"]).ok();
    let err = run.stderr();
    assert!(!err.contains("placed as a comment instead"), "every edit is on the student's text:\n{err}");
    let insertion = if track {
        "Hasan Wirayudha#tambah[ (2001–2009)] mengenai"
    } else {
        "Hasan Wirayudha #tambah[(2001–2009) ]mengenai"
    };
    let want = original
        .replacen("oleh banyak penulis", "oleh #ganti[banyak][sejumlah] penulis", 1)
        .replacen(
            "negara. Kalimat ini akan dihapus oleh pembimbing. Kerja",
            "negara. #hapus[Kalimat ini akan dihapus oleh pembimbing. ]Kerja",
            1,
        )
        .replacen(
            "adalah contoh yang baik",
            &format!("adalah #sorot[contoh yang]#catatan[{AUTHOR}: Beri contoh lain.] baik"),
            1,
        )
        .replacen("Hasan Wirayudha mengenai", insertion, 1);
    let got = p.read(BAB2);
    if got != want {
        let diff = similar::TextDiff::from_lines(&want, &got).unified_diff().header("expected", "written").to_string();
        panic!("tesis review wrote other bytes into {BAB2}:\n{diff}\n(stderr of review:\n{err})");
    }
    assert_eq!(p.read("thesis/bab1.md"), bab1, "the Markdown chapter the supervisor did not edit is untouched");
    p.build_ok();

    p.tesis(&["accept", "--all"]).ok();
    let accepted = original
        .replacen("oleh banyak penulis", "oleh sejumlah penulis", 1)
        .replacen("Kalimat ini akan dihapus oleh pembimbing. ", "", 1)
        .replacen("Hasan Wirayudha mengenai", "Hasan Wirayudha (2001–2009) mengenai", 1);
    assert_eq!(p.read(BAB2), accepted, "tesis accept --all gives the text with the supervisor's edits");
}

#[test]
fn a_typst_chapter_round_trip_with_tracked_changes() {
    typ_round_trip(true);
}

#[test]
fn a_typst_chapter_round_trip_with_track_changes_off() {
    typ_round_trip(false);
}
