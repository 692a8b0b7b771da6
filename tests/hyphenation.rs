//! Indonesian hyphenation (issue 19): Typst's line breaker calls `hypher::hyphenate`, which the
//! tesis Cargo.toml patches with crates/hypher-id. The hand-made list tests/hyphenation/kata-id.txt
//! (PUEBI rules, see its header) is the reference: the hyphenator must find at least 98 % of its
//! break points and put none where the list has none (a break the rules forbid).

use std::path::Path;

/// The break points (character indices) of a word written with `-` at its breaks.
fn cuts(hyphenated: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut i = 0;
    for c in hyphenated.chars() {
        if c == '-' {
            out.push(i);
        } else {
            i += 1;
        }
    }
    out
}

/// The words of the list, each with its breaks.
fn list() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hyphenation/kata-id.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string).collect()
}

#[test]
fn indonesian_hyphenation_agrees_with_the_hand_made_list() {
    let id = hypher::Lang::from_iso(*b"id").expect("the patched hypher knows Indonesian");
    let words = list();
    assert!(words.len() >= 200, "only {} words in the list", words.len());
    let (mut expected, mut found) = (0, 0);
    let mut forbidden = Vec::new();
    let mut missed = Vec::new();
    for line in &words {
        let word = line.replace('-', "");
        let got = hypher::hyphenate(&word, id).join("-");
        let (want, have) = (cuts(line), cuts(&got));
        expected += want.len();
        found += want.iter().filter(|c| have.contains(c)).count();
        if have.iter().any(|c| !want.contains(c)) {
            forbidden.push(format!("{got} (list: {line})"));
        }
        if want.iter().any(|c| !have.contains(c)) {
            missed.push(format!("{got} (list: {line})"));
        }
    }
    assert!(forbidden.is_empty(), "breaks the rules forbid:\n{}", forbidden.join("\n"));
    let share = found as f64 / expected as f64;
    assert!(
        share >= 0.98,
        "{found} of {expected} break points ({:.1} %); missed:\n{}",
        share * 100.0,
        missed.join("\n")
    );
    println!("{found} of {expected} break points ({:.2} %), missed: {missed:?}", share * 100.0);
}

#[test]
fn other_languages_still_hyphenate_and_unknown_ones_do_not() {
    let en = hypher::Lang::from_iso(*b"en").expect("English");
    assert_eq!(hypher::hyphenate("government", en).join("-"), "gov-ern-ment");
    assert!(hypher::Lang::from_iso(*b"jv").is_none());
    // No single letter at either end, and words with digits are left alone.
    let id = hypher::Lang::from_iso(*b"id").unwrap();
    assert_eq!(hypher::hyphenate("usaha", id).join("-"), "usa-ha");
    assert_eq!(hypher::hyphenate("covid19", id).join("-"), "covid19");
}
