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
            let mut mask = cache::breaks(word, chars);
            // Bits below `left` and above `chars - right` go (no bit at 0 or at `chars` either).
            let left = left_min.max(1);
            let right = right_min.max(1);
            if left + right > chars {
                mask = 0;
            } else {
                mask &= !low_bits(left);
                mask &= low_bits(chars - right + 1);
            }
            Syllables(Inner::Mask { rest: word, mask })
        }
    }
}

/// The bits `0..n` set (all of them from 64 on).
fn low_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// The Indonesian breaks of each word, computed once per word and thread: Typst's line breaker
/// asks for every word of a paragraph in each of its two passes and again whenever the
/// paragraph is laid out anew, and a thesis repeats its words.
mod cache {
    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{BuildHasherDefault, Hasher};

    /// Words kept at most; the cache starts over when it is full.
    const LIMIT: usize = 1 << 16;

    /// FNV-1a: short keys, no need to resist collisions an attacker chose.
    #[derive(Default)]
    struct Fnv(u64);

    impl Hasher for Fnv {
        fn finish(&self) -> u64 {
            self.0
        }

        fn write(&mut self, bytes: &[u8]) {
            let mut h = if self.0 == 0 { 0xcbf2_9ce4_8422_2325 } else { self.0 };
            for &b in bytes {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
            self.0 = h;
        }
    }

    thread_local! {
        static WORDS: RefCell<HashMap<Box<str>, u64, BuildHasherDefault<Fnv>>> = RefCell::default();
    }

    /// The breaks of `word` (`chars` characters) as bits: bit `i` is a break before character
    /// `i` (none past the 63rd character).
    pub fn breaks(word: &str, chars: usize) -> u64 {
        // What the rules never divide is answered without the cache (short words, and
        // capitalised words but the text's ordinary ones, which break as in lower case).
        if chars < 4 {
            return 0;
        }
        if word.chars().next().is_some_and(char::is_uppercase) {
            return match super::ordinary::lower_case(word, chars) {
                Some(lower) => breaks(&lower, chars),
                None => 0,
            };
        }
        WORDS.with(|words| {
            let mut words = words.borrow_mut();
            if let Some(&mask) = words.get(word) {
                return mask;
            }
            let mask = super::indonesian::breaks(word).into_iter().filter(|&c| c < 64).fold(0, |m, c| m | 1 << c);
            if words.len() >= LIMIT {
                words.clear();
            }
            words.insert(word.into(), mask);
            mask
        })
    }
}

/// Capitalised words that are ordinary words of the text: a sentence's first word ("Sehingga"),
/// a term in Title Case ("Kerjasama Internasional"). The rules cannot tell them from names
/// (Nanning, Wirayudha), which are never divided, so a capitalised word stays whole unless the
/// text that is being laid out also writes it in lower case somewhere: the caller (tesis, before
/// each compile) hands over that vocabulary with [`set_ordinary_capitalised`]. Only words in
/// Title Case qualify (a capital, then lower-case letters): an all-capitals word (an acronym, a
/// title in capitals) is never divided.
mod ordinary {
    use std::collections::HashSet;
    use std::sync::{Arc, PoisonError, RwLock};

    /// The words, in lower case.
    static WORDS: RwLock<Option<Arc<HashSet<Box<str>>>>> = RwLock::new(None);

    /// Replaces the vocabulary; whether it changed.
    pub fn set(words: HashSet<Box<str>>) -> bool {
        let mut slot = WORDS.write().unwrap_or_else(PoisonError::into_inner);
        let same = match slot.as_deref() {
            Some(old) => *old == words,
            None => words.is_empty(),
        };
        if !same {
            *slot = Some(Arc::new(words));
        }
        !same
    }

    /// `word` (`chars` characters, capitalised) in lower case when it is in Title Case and an
    /// ordinary word of the text.
    pub fn lower_case(word: &str, chars: usize) -> Option<String> {
        if !word.chars().skip(1).all(char::is_lowercase) {
            return None;
        }
        let lower = word.to_lowercase();
        if lower.chars().count() != chars {
            return None;
        }
        let slot = WORDS.read().unwrap_or_else(PoisonError::into_inner);
        slot.as_deref().is_some_and(|w| w.contains(lower.as_str())).then_some(lower)
    }
}

/// Sets the capitalised words that are divided like their lower-case form (given in lower case,
/// e.g. `kerjasama` for "Kerjasama"); every other capitalised word is never divided. Returns
/// whether the set changed: layouts cached under the old set are then stale, and the caller
/// must drop them (Typst's `comemo::evict(0)`). The set is process-wide: compiles that hand
/// over different sets must not run at the same time.
pub fn set_ordinary_capitalised(words: impl IntoIterator<Item = String>) -> bool {
    ordinary::set(words.into_iter().map(String::into_boxed_str).collect())
}

/// The pieces of a word between its possible breaks, in order.
#[derive(Debug, Clone)]
pub struct Syllables<'a>(Inner<'a>);

/// Where the pieces come from.
#[derive(Debug, Clone)]
enum Inner<'a> {
    /// The real hypher's iterator.
    Real(real::Syllables<'a>),
    /// The part of the word not yet returned, and its breaks: bit `i` is a break before its
    /// character `i`.
    Mask { rest: &'a str, mask: u64 },
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
            Inner::Mask { rest, mask } => {
                if rest.is_empty() {
                    return None;
                }
                let at = if *mask == 0 {
                    rest.len()
                } else {
                    let n = mask.trailing_zeros() as usize;
                    *mask >>= n;
                    *mask &= !1;
                    rest.char_indices().nth(n).map_or(rest.len(), |(b, _)| b)
                };
                let (piece, tail) = rest.split_at(at);
                *rest = tail;
                Some(piece)
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = match &self.0 {
            Inner::Real(s) => return s.size_hint(),
            Inner::Mask { rest, mask } => usize::from(!rest.is_empty()) + mask.count_ones() as usize,
        };
        (n, Some(n))
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
        // A capitalised word (a name) is never divided, unless it is an ordinary word of the
        // text (below).
        assert_eq!(hyphenate("Wirayudha", id).join("-"), "Wirayudha");
        // A single letter never stands alone at either end.
        assert_eq!(hyphenate("itu", id).join("-"), "itu");
        assert_eq!(hyphenate("", id).count(), 0);
        let pieces = hyphenate("pendidikan", id);
        assert_eq!(pieces.len(), 4);
    }

    #[test]
    fn bounds_cache_and_long_words() {
        let id = Lang::from_iso(*b"id").unwrap();
        // Asked twice (the second answer comes from the cache), and with other bounds.
        for _ in 0..2 {
            assert_eq!(hyphenate("pendidikan", id).join("-"), "pen-di-dik-an");
            assert_eq!(hyphenate_bounded("pendidikan", id, 2, 3).join("-"), "pen-di-dikan");
            assert_eq!(hyphenate_bounded("pendidikan", id, 4, 2).join("-"), "pendi-dik-an");
            assert_eq!(hyphenate_bounded("pendidikan", id, 6, 6).join("-"), "pendidikan");
        }
        // Letters beyond ASCII keep whole characters in each piece.
        assert_eq!(hyphenate("pemérintah", id).join("-"), "pe-mé-rin-tah");
        // A word longer than 64 letters is divided no later than at its 63rd letter.
        let long = "pendidikan".repeat(8);
        let pieces: Vec<&str> = hyphenate(&long, id).collect();
        assert_eq!(pieces.concat(), long);
        assert!(pieces.len() > 2 && pieces.last().unwrap().chars().count() >= 17, "{pieces:?}");
    }

    #[test]
    fn capitalised_words_of_the_texts_vocabulary_break_as_in_lower_case() {
        let id = Lang::from_iso(*b"id").unwrap();
        // The only test that sets the vocabulary (it is process-wide).
        assert!(set_ordinary_capitalised(["kerjasama".to_string(), "sehingga".to_string()]));
        assert!(!set_ordinary_capitalised(["sehingga".to_string(), "kerjasama".to_string()]));
        assert_eq!(hyphenate("Kerjasama", id).join("-"), "Ker-ja-sa-ma");
        assert_eq!(hyphenate("kerjasama", id).join("-"), "ker-ja-sa-ma");
        assert_eq!(hyphenate("Sehingga", id).join("-"), "Se-hing-ga");
        // Names, capitals and words outside the vocabulary stay whole.
        assert_eq!(hyphenate("Nanning", id).join("-"), "Nanning");
        assert_eq!(hyphenate("KERJASAMA", id).join("-"), "KERJASAMA");
        assert_eq!(hyphenate("KerjaSama", id).join("-"), "KerjaSama");
        assert_eq!(hyphenate("Pemerintah", id).join("-"), "Pemerintah");
        assert!(set_ordinary_capitalised(Vec::new()));
        assert_eq!(hyphenate("Kerjasama", id).join("-"), "Kerjasama");
        assert!(!set_ordinary_capitalised(Vec::new()));
    }

    #[test]
    fn other_languages_are_the_real_hyphers() {
        let en = Lang::from_iso(*b"en").unwrap();
        assert_eq!(hyphenate("extensive", en).join("-"), real::hyphenate("extensive", real::Lang::English).join("-"));
        assert!(Lang::from_iso(*b"zz").is_none());
    }
}
