//! Citations inside footnotes, citations in captions and a footnote on a heading (issue 15):
//! every note holds its citation's text with no note inside a note, the front matter holds no
//! note, the body's notes are numbered from 1 with the first citation of each work in full, and
//! the PDF bookmarks carry no note text. Built with Chicago notes (the default) and APA.

mod common;

use std::process::Command;

use common::{TestProject, require};

/// The footnote entries of the built PDF, in order: (number, text). `pdftotext -layout` puts an
/// entry's number alone at the start of a line (page numbers are centred or right-aligned), its
/// text on the lines below, up to the next number or the page number.
fn notes(p: &TestProject) -> Vec<(usize, String)> {
    let out = Command::new("pdftotext").args(["-layout"]).arg(p.path("thesis.pdf")).arg("-").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let mut notes: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for line in text.lines() {
        if let Ok(n) = line.parse::<usize>() {
            notes.push((n, String::new()));
            open = true;
        } else if line.starts_with(' ') && line.trim().parse::<usize>().is_ok() || line.contains('\u{c}') {
            open = false;
        } else if open && let Some((_, t)) = notes.last_mut() {
            t.push(' ');
            t.push_str(line.trim());
        }
    }
    // A word divided at a line end (a soft hyphen in the text layer, issue 19) is read whole.
    notes.iter_mut().for_each(|(_, t)| *t = t.split_whitespace().collect::<Vec<_>>().join(" ").replace("\u{ad} ", ""));
    notes
}

/// The titles of the PDF outline (bookmarks), from `pdftohtml -xml`.
fn bookmarks(p: &TestProject) -> Vec<String> {
    let out =
        Command::new("pdftohtml").args(["-xml", "-i", "-stdout", "-q"]).arg(p.path("thesis.pdf")).output().unwrap();
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    xml.split("<item").skip(1).filter_map(|s| Some(s.split_once('>')?.1.split_once("</item>")?.0.to_string())).collect()
}

/// The text of a note, by the number it should have.
fn note(notes: &[(usize, String)], n: usize) -> &str {
    &notes.iter().find(|(k, _)| *k == n).unwrap_or_else(|| panic!("no note {n} in {notes:#?}")).1
}

/// The fixture built with `style` (None: the default Chicago notes).
fn built(style: Option<&str>) -> Option<TestProject> {
    if !require("pdftotext", "poppler-utils") || !require("pdftohtml", "poppler-utils") {
        return None;
    }
    let p = TestProject::fixture("notes");
    if let Some(style) = style {
        let yaml = p.read("thesis/thesis.yaml");
        p.write("thesis/thesis.yaml", format!("{yaml}gaya_sitasi: {style}\n"));
    }
    p.build_ok();
    Some(p)
}

/// Checks what both styles share: notes numbered 1..=count in order, none in the front matter
/// (the first note stands after BAB I), the heading's note in the body, clean bookmarks.
fn common_checks(p: &TestProject, notes: &[(usize, String)], count: usize) {
    let numbers: Vec<usize> = notes.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, (1..=count).collect::<Vec<_>>(), "{notes:#?}");
    let text = p.pdf_text();
    let front = &text[..text.find("BAB I\nPENDAHULUAN").expect("BAB I")];
    assert!(!front.contains("Catatan pada judul"), "a heading's note in the front matter");
    assert!(notes.iter().any(|(_, t)| t == "Catatan pada judul tentang rumusan."), "{notes:#?}");
    // The short caption in DAFTAR GAMBAR, the caption without its citation in DAFTAR TABEL.
    assert!(front.contains("Alur kerja sama . ."), "{front}");
    assert!(!front.contains("Alur kerja sama menurut"), "{front}");
    assert!(front.contains("Kota bersaudara . ."), "{front}");
    let marks = bookmarks(p);
    assert!(marks.iter().any(|m| m == "B. Rumusan Masalah"), "{marks:?}");
    assert!(marks.iter().all(|m| !m.contains("Catatan") && !m.contains("hlm")), "{marks:?}");
}

#[test]
fn chicago_notes_print_citations_in_notes_and_keep_lists_clean() {
    let Some(p) = built(None) else { return };
    let notes = notes(&p);
    // Notes in the source: 4 in bab1.md, 1 in bab2.typ; text citations: the figure and table
    // captions, one citation in the text, one prefixed group. Nested citations add none.
    common_checks(&p, &notes, 9);
    // The captions' citations are the first of their works: full notes 1 and 2.
    assert!(note(&notes, 1).starts_with("Mohtar Mas'oed, Ilmu Hubungan Internasional (Jakarta"), "{notes:#?}");
    assert!(note(&notes, 2).starts_with("Sidik Jatmika, Otonomi Daerah"), "{notes:#?}");
    assert!(note(&notes, 2).ends_with("2001), hlm. 3."), "{notes:#?}");
    // A citation inside a note, first of its work: the full note form, run into the sentence.
    assert_eq!(
        note(&notes, 4),
        "Penjelasan rezim; lihat Robert O. Keohane, After Hegemony (Princeton: Princeton University Press, \
         1984), hlm. 5 untuk rinciannya."
    );
    // Cited again in the text: the short note.
    assert_eq!(note(&notes, 5), "Keohane, After Hegemony, hlm. 7.");
    // A group inside a note: first of Holsti (full), Mas'oed and Keohane again (short).
    assert_eq!(
        note(&notes, 7),
        "Bandingkan Kalevi J. Holsti, Politik Internasional (Jakarta: Erlangga, 1998); Mas'oed, Ilmu \
         Hubungan Internasional serta Keohane, After Hegemony."
    );
    assert!(note(&notes, 8).starts_with("lihat Holsti, Politik Internasional; Jatmika"), "{notes:#?}");
    // A `.typ` chapter's #footnote[… @key …]: short forms with the locator.
    assert_eq!(
        note(&notes, 9),
        "Uraian lebih lanjut dalam Mas'oed, Ilmu Hubungan Internasional, hlm. 21, juga Jatmika, Otonomi \
         Daerah Perspektif Hubungan Internasional."
    );
}

#[test]
fn apa_prints_parenthetical_citations_in_notes() {
    let Some(p) = built(Some("apa")) else { return };
    let notes = notes(&p);
    // Only the source's notes and the prefixed group are notes: APA cites in the text.
    common_checks(&p, &notes, 6);
    assert_eq!(note(&notes, 2), "Penjelasan rezim; lihat (Keohane, 1984, hlm. 5) untuk rinciannya.");
    assert_eq!(note(&notes, 4), "Bandingkan (Holsti, 1998; Mas'oed, 1994) serta (Keohane, 1984).");
    assert_eq!(note(&notes, 6), "Uraian lebih lanjut dalam (Mas'oed, 1994, hlm. 21), juga (Jatmika, 2001).");
    let text = p.pdf_text();
    assert!(text.contains("Kutipan biasa di teks (Keohane, 1984, hlm. 7)."), "{text}");
}

/// The notes of citations in the text are made by the template, not by Typst, so they exist
/// from Typst's first layout on (issue 19, src/compile/own_notes.rs): a Markdown chapter's
/// through `#sitasi(..)`, a `.typ` chapter's through a rule on its citations, except in a `.typ`
/// chapter with a group of citations, where Typst keeps making them. The thesis must come out as
/// when Typst makes every note: built both ways (the second with an ejected template that makes
/// none) and every line of every page compared; a group stays one note in either kind of chapter.
#[test]
fn notes_made_by_the_template_are_the_notes_typst_makes() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let project = || {
        let p = TestProject::fixture("notes");
        p.edit(
            "thesis/bab1.md",
            "Kalimat dengan catatan kelompok.",
            "Kelompok di teks [@holsti1998; @masoed1994, hlm. 4]. Sekali lagi @jatmika2001 [hlm. 10], \
             tahunnya saja [-@keohane1984], bersama gambar [@gbr-alur; @jatmika2001, hlm. 6]. Kalimat \
             dengan catatan kelompok.",
        );
        p.write(
            "thesis/bab2.typ",
            format!(
                "{}\nDi teks Typst @keohane1984[hlm. 8] dan #cite(<holsti1998>). Tahun #cite(<masoed1994>, form: \"year\").\n",
                p.read("thesis/bab2.typ")
            ),
        );
        p.write(
            "thesis/bab3.typ",
            "#import \"/template/lib.typ\": *\n\n= Penutup\n\nKelompok Typst @keohane1984 @jatmika2001[hlm. 2]. \
             Tunggal @holsti1998.\n",
        );
        p.edit("thesis/thesis.yaml", "  - bab2.typ\n", "  - bab2.typ\n  - bab3.typ\n");
        // A `.typ` appendix: Typst makes its notes, as before.
        p.write("thesis/lampiran.typ", "Transkrip dengan sitasi @keohane1984[hlm. 11].\n");
        let yaml = p.read("thesis/thesis.yaml");
        p.write("thesis/thesis.yaml", format!("{yaml}lampiran:\n  - judul: Transkrip\n    file: lampiran.typ\n"));
        p
    };
    let made = project();
    made.build_ok();
    let typst = project();
    typst.tesis(&["eject-template"]).ok();
    typst.edit(
        "template/rules/citations.typ",
        "#let own-note-style(cfg) = cfg.meta.at(\"_gaya_catatan\", default: none)",
        "#let own-note-style(cfg) = none",
    );
    typst.build_ok();
    let layout = |p: &TestProject| {
        let out = Command::new("pdftotext").arg("-layout").arg(p.path("thesis.pdf")).arg("-").output().unwrap();
        String::from_utf8(out.stdout).expect("UTF-8 text")
    };
    let (by_template, by_typst) = (layout(&made), layout(&typst));
    for (a, b) in by_template.lines().zip(by_typst.lines()) {
        assert_eq!(a, b, "a line differs");
    }
    assert_eq!(by_template.lines().count(), by_typst.lines().count());

    let notes = notes(&made);
    let holding = |needle: &str| notes.iter().filter(|(_, t)| t.contains(needle)).map(|(n, _)| *n).collect::<Vec<_>>();
    // The Markdown group is one note (Holsti's first citation, in full), its locator on the
    // second work.
    let group = holding(
        "Holsti, Politik Internasional (Jakarta: Erlangga, 1998); Mas'oed, Ilmu Hubungan Internasional, hlm. 4.",
    );
    assert_eq!(group.len(), 1, "{notes:#?}");
    // The `.typ` chapter's citations, one note each; the year form is no note.
    assert_eq!(holding("Keohane, After Hegemony, hlm. 8.").len(), 1, "{notes:#?}");
    let text = made.pdf_text();
    assert!(text.contains("Tahun 1994."), "{text}");
    // The `.typ` group stays one note (Typst's), with both works.
    assert_eq!(holding("Keohane, After Hegemony; Jatmika, Otonomi Daerah").len(), 1, "{notes:#?}");
    assert_eq!(holding("Keohane, After Hegemony, hlm. 11.").len(), 1, "{notes:#?}");
    // A citation beside a cross-reference is a note too.
    assert_eq!(holding("Otonomi Daerah Perspektif Hubungan Internasional, hlm. 6.").len(), 1, "{notes:#?}");
    assert!(text.contains("Gambar 1.1;9."), "{text}");
    // Numbered 1, 2, … in order, as Typst numbers them.
    let numbers: Vec<usize> = notes.iter().map(|(n, _)| *n).collect();
    assert_eq!(numbers, (1..=notes.len()).collect::<Vec<_>>(), "{notes:#?}");
}
