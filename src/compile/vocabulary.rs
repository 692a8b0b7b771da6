//! Which capitalised words of the thesis are ordinary words, for the Indonesian hyphenator
//! (crates/hypher-id): a capitalised word that the thesis also writes in lower case is a
//! sentence's first word or a term in Title Case ("Sehingga", "Kerjasama Internasional") and
//! is divided like the lower-case word; any other capitalised word is taken for a name
//! (Nanning, Wirayudha) and never divided (issue 19).
//!
//! The hyphenator is called by Typst's line breaker with nothing but the word, so the
//! vocabulary is process-wide: [`hand_over`] sets it before each compile, under [`lock`], and
//! drops Typst's cached layouts when it changed (a cached paragraph was broken under the old
//! set). In a long `tesis watch` the set changes only when a word newly appears both ways.

use std::collections::BTreeSet;
use std::sync::{Mutex, MutexGuard, PoisonError};

use crate::project::Project;

/// Words shorter than this are never divided anyway (two letters stay on either side).
const MIN_LETTERS: usize = 4;

/// Held while a compile reads the vocabulary: compiles of different projects in one process
/// (the tests, in parallel threads) take turns, so each lays out under its own words.
static COMPILING: Mutex<()> = Mutex::new(());

/// Waits for any other compile of this process to finish.
pub fn lock() -> MutexGuard<'static, ()> {
    COMPILING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Hands the ordinary capitalised words of `project` to the hyphenator (hold [`lock`]).
pub fn hand_over(project: &Project) {
    // A file that cannot be read fails the compile elsewhere, with its own message.
    let texts: Vec<String> = std::iter::once(&project.yaml_path)
        .chain(project.sources.iter().map(|s| &s.disk))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .collect();
    let words = ordinary_capitalised(texts.iter().map(String::as_str));
    if hypher::set_ordinary_capitalised(words) {
        typst::comemo::evict(0);
    }
}

/// The words, in lower case, that `texts` write both in lower case and in Title Case.
pub fn ordinary_capitalised<'a>(texts: impl Iterator<Item = &'a str>) -> BTreeSet<String> {
    let mut lower = BTreeSet::new();
    let mut title = BTreeSet::new();
    for text in texts {
        for word in text.split(|c: char| !c.is_alphabetic()) {
            let mut chars = word.chars();
            let Some(first) = chars.next() else { continue };
            if word.chars().count() < MIN_LETTERS || !chars.all(char::is_lowercase) {
                continue;
            }
            if first.is_lowercase() {
                lower.insert(word);
            } else if first.is_uppercase() {
                title.insert(word.to_lowercase());
            }
        }
    }
    title.retain(|w| lower.contains(w.as_str()));
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_written_both_ways_only() {
        let words = ordinary_capitalised(
            [
                "Kerjasama Sister City antara Kabupaten Bogor dan Nanning. Sehingga kerjasama ini",
                "sebuah kabupaten di Jawa Barat; sehingga PEMERINTAH pemerintah, Itu itu. KerjaSama",
            ]
            .into_iter(),
        );
        let got: Vec<&str> = words.iter().map(String::as_str).collect();
        // "Itu" has three letters; PEMERINTAH and KerjaSama are not Title Case; Bogor, Nanning,
        // Sister, City, Jawa, Barat are never written in lower case.
        assert_eq!(got, ["kabupaten", "kerjasama", "sehingga"]);
    }
}
