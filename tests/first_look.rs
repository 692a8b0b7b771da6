//! The preview's first look ([`tesis::watch::first_look`]) is the very picture the whole thesis
//! gives: the saved chapter laid out alone, beside the full compile in the same world, must draw
//! the same pages (compared as the SVG the preview serves) as that full compile draws for the
//! chapter — page numbers, note numbers, BAB and figure numbers, a reference to another chapter's
//! figure, and a citation in its short form because an earlier chapter cited the source in full.

mod common;

use std::sync::Mutex;
use std::time::Duration;

use common::TestProject;
use tesis::compile::{Config, Mode, Session};
use tesis::watch::first_look::FirstLooks;
use tesis::world::FontOptions;

/// A session over `project` whose last build the first looks know.
fn started(project: &TestProject) -> (Session, FirstLooks) {
    let config = Config { mode: Mode::Draft, fonts: FontOptions::default() };
    let mut session = Session::new(&project.root, config).recording_references();
    let mut looks = FirstLooks::with_threshold(Duration::ZERO);
    let first = session.compile().unwrap_or_else(|d| panic!("the thesis compiles: {d:#?}"));
    looks.record(&first);
    (session, looks)
}

/// The pages a first look at `chapter` shows, as SVG, with the full compile that ran beside it.
fn first_look_and_full(
    session: &mut Session,
    looks: &FirstLooks,
    chapter: usize,
) -> (Option<Vec<String>>, tesis::compile::Compiled) {
    let shown: Mutex<Option<Vec<String>>> = Mutex::new(None);
    let loaded = session.load().expect("the project loads");
    let beside = looks.beside(chapter, false, |look| {
        let pages = look.document.pages()[look.shown.clone()]
            .iter()
            .map(|p| typst_svg::svg(p, &typst_svg::SvgOptions::default()))
            .collect();
        *shown.lock().unwrap() = Some(pages);
    });
    assert!(beside.is_some(), "a first look is made for a chapter the last build placed");
    let full = session.compile_loaded(loaded, beside).unwrap_or_else(|d| panic!("the thesis compiles: {d:#?}"));
    (shown.into_inner().unwrap(), full)
}

/// The SVG of the pages the full build gives chapter `chapter` (0-based).
fn chapter_pages(compiled: &tesis::compile::Compiled, chapter: usize) -> Vec<String> {
    let part = &tesis::parts::chapters(&compiled.document)[chapter];
    compiled.document.pages()[part.pages.clone()]
        .iter()
        .map(|p| typst_svg::svg(p, &typst_svg::SvgOptions::default()))
        .collect()
}

#[test]
fn the_first_look_at_a_saved_chapter_is_the_picture_of_the_whole_thesis() {
    let project = TestProject::cross_referenced();
    let (mut session, looks) = started(&project);

    project.edit("thesis/bab2.typ", "Bab dua ditulis", "Bab dua telah ditulis");
    let (shown, full) = first_look_and_full(&mut session, &looks, 1);
    let shown = shown.expect("BAB II compiles alone");
    let expected = chapter_pages(&full, 1);
    assert!(expected.len() >= 2, "BAB II runs over several pages");
    assert_eq!(shown.len(), expected.len(), "the first look shows as many pages as the full build");
    for (i, (look, whole)) in shown.iter().zip(&expected).enumerate() {
        assert!(look == whole, "page {} of BAB II differs between the first look and the full build", i + 1);
    }
    let text: String = full.document.pages().iter().map(|p| tesis::preview::page_text(&p.frame)).collect();
    for expected in ["Bab dua telah ditulis", "Gambar 1.1", "Gambar 2.1", "BAB II"] {
        assert!(text.contains(expected), "{expected:?} in the full build");
    }
}

/// The comparison above can fail: a first look made from the anchors of an older build (BAB I
/// has grown by a page since) draws BAB II with the old page numbers, and the pictures differ.
#[test]
fn a_first_look_from_stale_anchors_differs_from_the_full_build() {
    let project = TestProject::cross_referenced();
    let (mut session, looks) = started(&project);

    let long: String = (0..60).map(|i| format!("Tambahan {i} yang membuat bab satu lebih panjang. ")).collect();
    project.edit("thesis/bab1.md", "## B. Rumusan Masalah", &format!("{long}\n\n## B. Rumusan Masalah"));
    // No `looks.record(..)` of a build after this edit: the anchors still place BAB II where it was.
    let (shown, full) = first_look_and_full(&mut session, &looks, 1);
    let shown = shown.expect("BAB II compiles alone");
    assert_ne!(shown, chapter_pages(&full, 1), "stale anchors must show as a different picture");
}
