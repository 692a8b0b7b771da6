use super::*;
use crate::review::wordml::Piece;

fn para(pieces: &[(&str, Mark)]) -> Para {
    Para { pieces: pieces.iter().map(|(t, m)| Piece { text: t.to_string(), mark: *m }).collect(), ..Para::default() }
}

fn applied(exported: &str, edits: &[Edit]) -> String {
    let e: Vec<char> = exported.chars().collect();
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.extend(&e[at..edit.range.start]);
        out.push_str(&edit.new);
        at = edit.range.end;
    }
    out.extend(&e[at..]);
    out
}

#[test]
fn tracked_replacement_is_one_edit_with_its_author() {
    let p = para(&[("Kota ", Mark::Same), ("besar", Mark::Del(0)), ("kecil", Mark::Ins(0)), (" itu.", Mark::Same)]);
    let a = align(&p, "Kota besar itu.");
    assert_eq!(a.edits, vec![Edit { range: 5..10, new: "kecil".into(), who: Who::Tracked(0) }]);
}

#[test]
fn a_change_inside_a_word_widens_to_the_word() {
    let p = para(&[("Rumah", Mark::Same), ("nya", Mark::Ins(1)), (" besar.", Mark::Same)]);
    let a = align(&p, "Rumah besar.");
    assert_eq!(a.edits, vec![Edit { range: 0..5, new: "Rumahnya".into(), who: Who::Tracked(1) }]);
}

#[test]
fn untracked_edits_are_found_word_by_word() {
    let p = para(&[("Kerja sama luar negeri daerah sangat penting.", Mark::Same)]);
    let exported = "Kerja sama luar negeri pemerintah daerah penting.";
    let a = align(&p, exported);
    assert!(a.edits.iter().all(|e| e.who == Who::Untracked));
    assert_eq!(applied(exported, &a.edits), "Kerja sama luar negeri daerah sangat penting.");
    assert_eq!(a.edits.len(), 2, "{:?}", a.edits);
}

#[test]
fn tracked_and_untracked_edits_together() {
    // The export said "A B C D."; the supervisor typed X for B untracked, then deleted D tracked.
    let p = para(&[("A X C ", Mark::Same), ("D", Mark::Del(0)), (".", Mark::Same)]);
    let a = align(&p, "A B C D.");
    assert_eq!(applied("A B C D.", &a.edits), "A X C .");
    assert!(a.edits.iter().any(|e| e.who == Who::Tracked(0) && e.range == (6..7) && e.new.is_empty()));
    assert!(a.edits.iter().any(|e| e.who == Who::Untracked && e.range == (2..3) && e.new == "X"));
}

#[test]
fn comments_cover_whole_words() {
    let mut p = para(&[("Paradiplomasi adalah konsep.", Mark::Same)]);
    p.comment_starts.push(("7".into(), 2));
    p.comment_ends.push(("7".into(), 19));
    let a = align(&p, "Paradiplomasi adalah konsep.");
    assert_eq!(a.comments, vec![Span { id: "7".into(), range: 0..20 }]);
}

#[test]
fn locate_needs_a_unique_place() {
    let text: Vec<char> = "Kota besar itu ramai.".chars().collect();
    let texts = ["Awal. Kota besar itu ramai sekali.", "Kota kecil."];
    assert_eq!(locate(&texts, &text, 5..10), Some((0, 11)));
    let twice = ["Kota besar itu ramai. Kota besar itu ramai."];
    assert_eq!(locate(&twice, &text, 5..10), None);
    assert_eq!(locate(&["Tidak ada."], &text, 5..10), None);
}
