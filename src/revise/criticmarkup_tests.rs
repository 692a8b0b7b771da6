//! Unit tests of the CriticMarkup marks and layer.

use super::*;

/// A paragraph with every kind of mark.
const ALL: &str = "Awal {++baru [@k]++} lalu {--lama[^1]--} dan {~~satu~>dua~~} serta {==ini==}{>>cek<<}.\n";

#[test]
fn finds_every_kind() {
    let kinds: Vec<Kind> = find(ALL).iter().map(|m| m.kind).collect();
    assert_eq!(kinds, [Kind::Insert, Kind::Delete, Kind::Substitute, Kind::Highlight, Kind::Comment]);
}

#[test]
fn accept_and_reject() {
    assert_eq!(resolve(ALL, Decision::Accept), "Awal baru [@k] lalu  dan dua serta ini.\n");
    assert_eq!(resolve(ALL, Decision::Reject), "Awal  lalu lama[^1] dan satu serta ini.\n");
}

#[test]
fn text_without_marks_is_untouched() {
    let text = "Kurung {kurawal} dan {+ bukan +} tanda, `{++kode++}`.\n\n```\n{--blok--}\n```\n";
    assert!(find(text).is_empty());
    assert_eq!(resolve(text, Decision::Accept), text);
    assert_eq!(resolve(text, Decision::Reject), text);
}

#[test]
fn unclosed_mark_is_text() {
    assert!(find("a {++ b").is_empty());
}

#[test]
fn layer_maps_back_to_the_student_text() {
    let layer = prepare(ALL, true);
    assert_eq!(layer.marks, 5);
    assert!(!layer.text.contains("{++"));
    let lalu = layer.text.find("lalu").unwrap();
    assert_eq!(layer.map.source(lalu), ALL.find("lalu").unwrap());
}

#[test]
fn final_build_keeps_the_original_text() {
    let layer = prepare(ALL, false);
    assert_eq!(layer.text, "Awal  lalu lama[^1] dan satu serta ini.\n");
    assert_eq!(layer.marks, 5);
}

#[test]
fn typed_layer_characters_are_dropped() {
    let layer = prepare("a\u{E000}b\u{F0000}c", true);
    assert_eq!(layer.text, "abc");
}

#[test]
fn finish_pairs_markup_and_writes_strings() {
    let layer = prepare("x {++a++} {--b\"#c--} y", true);
    let typst = format!("#import \"/template/lib.typ\": *\n{}", layer.text);
    let (out, _) = layer.finish(&typst);
    assert!(out.contains("#tesis-ins[a]"), "{out}");
    assert!(out.contains("#tesis-del(\"b\\\"#c\")"), "{out}");
    assert!(out.contains(IMPORT_LINE));
}

#[test]
fn unpaired_marks_are_dropped() {
    let layer = prepare("x {++a++} y", true);
    // The converter put the closer into other markup: no wrapper is written.
    let typst = "#import \"/template/lib.typ\": *\n#emph[x \u{E000}a]\u{E002} y";
    let (out, _) = layer.finish(typst);
    assert!(!out.contains("tesis-ins"), "{out}");
    assert!(!out.chars().any(is_layer_char));
}

#[test]
fn insert_over_paragraphs_is_split() {
    let layer = prepare("{++satu\n\ndua++}", true);
    assert_eq!(layer.text, "\u{E000}satu\u{E002}\n\n\u{E000}dua\u{E002}");
}
