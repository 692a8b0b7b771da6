//! The API of the `hypher` crate that Typst's line breaker calls (`Lang::from_iso`, `hyphenate`),
//! with Indonesian (`id`) added.
//!
//! tesis patches crates.io's `hypher` with this crate (`[patch.crates-io]` in its Cargo.toml), so
//! `text(lang: "id", hyphenate: true)` hyphenates like any language Typst supports: the break
//! points are chosen at layout time and only the divided words get a hyphen; nothing is added to
//! the text (a PDF's text layer stays free of soft hyphens). Every other language is forwarded to
//! the real hypher, which this crate depends on at an exact version. Indonesian follows the PUEBI
//! rules for dividing words, implemented in [`indonesian`] (no pattern file: rules).
//!
//! Only what hypher's dependents use is mirrored: [`Lang`] (opaque; [`Lang::from_iso`],
//! [`Lang::bounds`], [`Lang::hyphenation_character`]), [`hyphenate`], [`hyphenate_bounded`] and
//! [`Syllables`] (an iterator of `&str`, with `join`).

pub mod indonesian;

use std::iter::FusedIterator;

/// A language hyphenation is known for.
#[derive(Debug, Copy, Clone, Eq, PartialEq, Hash)]
pub struct Lang(Which);

/// Which hyphenator a [`Lang`] uses.
#[derive(Debug, Copy, Clone, Eq, PartialEq, Hash)]
enum Which {
    /// Indonesian, by the rules of [`indonesian`].
    Indonesian,
    /// A language of the real hypher.
    Real(real::Lang),
}

impl Lang {
    /// Indonesian.
    pub const INDONESIAN: Lang = Lang(Which::Indonesian);

    /// The language with ISO 639-1 code `code` (`*b"id"`, `*b"en"`, …), if it is known.
    pub fn from_iso(code: [u8; 2]) -> Option<Self> {
        match &code {
            b"id" => Some(Self::INDONESIAN),
            _ => real::Lang::from_iso(code).map(|l| Lang(Which::Real(l))),
        }
    }

    /// How many characters at least stay before and after a break. Indonesian: two (PUEBI: a
    /// single letter is never left at either end of a line).
    pub fn bounds(self) -> (usize, usize) {
        match self.0 {
            Which::Indonesian => (2, 2),
            Which::Real(l) => l.bounds(),
        }
    }

    /// The character that joins syllables (a soft hyphen), if the script uses one.
    pub fn hyphenation_character(self) -> Option<char> {
        match self.0 {
            Which::Indonesian => Some('\u{ad}'),
            Which::Real(l) => l.hyphenation_character(),
        }
    }
}

/// Splits `word` into the pieces between which it may be divided, keeping the language's
/// [`Lang::bounds`].
pub fn hyphenate(word: &str, lang: Lang) -> Syllables<'_> {
    let (left, right) = lang.bounds();
    hyphenate_bounded(word, lang, left, right)
}

/// As [`hyphenate`], with no break within `left_min` characters of the start or `right_min` of
/// the end.
pub fn hyphenate_bounded(word: &str, lang: Lang, left_min: usize, right_min: usize) -> Syllables<'_> {
    match lang.0 {
        Which::Real(l) => Syllables(Inner::Real(real::hyphenate_bounded(word, l, left_min, right_min))),
        Which::Indonesian => {
            let chars = word.chars().count();
            let mut cuts = Vec::new();
            let mut bytes = word.char_indices().map(|(b, _)| b).chain([word.len()]);
            let mut at_char = 0;
            for cut in indonesian::breaks(word) {
                if cut < left_min.max(1) || cut + right_min.max(1) > chars {
                    continue;
                }
                let byte = bytes.nth(cut - at_char).unwrap_or(word.len());
                at_char = cut + 1;
                cuts.push(byte);
            }
            if !word.is_empty() {
                cuts.push(word.len());
            }
            Syllables(Inner::Cuts { word, cuts, next: 0, from: 0 })
        }
    }
}

/// The pieces of a word between its possible breaks, in order.
#[derive(Debug, Clone)]
pub struct Syllables<'a>(Inner<'a>);

/// Where the pieces come from.
#[derive(Debug, Clone)]
enum Inner<'a> {
    /// The real hypher's iterator.
    Real(real::Syllables<'a>),
    /// Byte offsets of the ends of the pieces of `word` (its breaks, then its length); `next`
    /// indexes `cuts`, `from` is where the next piece starts.
    Cuts { word: &'a str, cuts: Vec<usize>, next: usize, from: usize },
}

impl Syllables<'_> {
    /// The pieces joined by `sep` (e.g. a soft hyphen).
    pub fn join(self, sep: &str) -> String {
        self.collect::<Vec<_>>().join(sep)
    }
}

impl<'a> Iterator for Syllables<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        match &mut self.0 {
            Inner::Real(s) => s.next(),
            Inner::Cuts { word, cuts, next, from } => {
                let end = *cuts.get(*next)?;
                let piece = &word[*from..end];
                *next += 1;
                *from = end;
                Some(piece)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            Inner::Real(s) => s.size_hint(),
            Inner::Cuts { cuts, next, .. } => (cuts.len() - *next, Some(cuts.len() - *next)),
        }
    }
}

impl ExactSizeIterator for Syllables<'_> {}

impl FusedIterator for Syllables<'_> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indonesian_pieces_and_bounds() {
        let id = Lang::from_iso(*b"id").unwrap();
        assert_eq!(hyphenate("pendidikan", id).collect::<Vec<_>>(), ["pen", "di", "dik", "an"]);
        assert_eq!(hyphenate("masyarakat", id).join("-"), "ma-sya-ra-kat");
        // A capitalised word (a name) is never divided.
        assert_eq!(hyphenate("Wirayudha", id).join("-"), "Wirayudha");
        // A single letter never stands alone at either end.
        assert_eq!(hyphenate("itu", id).join("-"), "itu");
        assert_eq!(hyphenate("", id).count(), 0);
        let pieces = hyphenate("pendidikan", id);
        assert_eq!(pieces.len(), 4);
    }

    #[test]
    fn other_languages_are_the_real_hyphers() {
        let en = Lang::from_iso(*b"en").unwrap();
        assert_eq!(hyphenate("extensive", en).join("-"), real::hyphenate("extensive", real::Lang::English).join("-"));
        assert!(Lang::from_iso(*b"zz").is_none());
    }
}
