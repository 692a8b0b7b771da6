//! Property test of the first promise of `tesis diff`: whatever the edit, the marked chapter goes
//! through the converter and the revision layer into Typst without a syntax error.

use proptest::prelude::*;

use super::blocks::{self, Detail};
use super::criticmarkup;

/// A chapter with the constructs the marking must not break.
const CHAPTER: &str = "# Pendahuluan\n\n## A. Latar Belakang\n\nKerja sama *kota kembar* tumbuh pesat.[^1] Kota Contoh\nmenjalin hubungan [@jatmika2001, hlm. 12] dan `kode` serta $x$.\n\n- butir satu\n- butir **dua**\n\nTable: Kegiatan {#tbl-k}\n\n| Tahun | Kegiatan |\n|---|---|\n| 2010 | 12 |\n\n> Kutipan panjang di sini.\n\n[^1]: Catatan pertama.\n\n## B. Rumusan Masalah\n\nBagaimana kerja sama ini berjalan?\n";

/// Pieces an edit may insert, awkward ones included.
const PIECES: [&str; 14] = [
    "kata",
    "baru sekali",
    "*miring*",
    "[@keohane1977]",
    "[^1]",
    "|",
    "{",
    "--}",
    "++}",
    "#",
    "\n\n",
    "\n## C. Baru\n\n",
    "`x`",
    "$y$",
];

/// The chapter with `cuts` applied: each (at, len, piece) removes `len` bytes at a char boundary
/// near `at` and puts `piece` there.
fn edited(cuts: &[(usize, usize, usize)]) -> String {
    let mut text = CHAPTER.to_string();
    for &(at, len, piece) in cuts {
        let mut start = at % text.len();
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + len).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.replace_range(start..end, PIECES[piece % PIECES.len()]);
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn marked_chapters_always_parse(cuts in proptest::collection::vec((0usize..2000, 0usize..12, 0usize..100), 1..5)) {
        let new = edited(&cuts);
        let (marked, _) = blocks::mark(CHAPTER, &new, Detail::Words);
        let dir = std::env::temp_dir();
        let md_path = dir.join("bab1.md");
        let ctx = crate::markdown::Context { root: &dir, md_path: &md_path };
        let layer = criticmarkup::prepare(&marked, true);
        if let Ok(converted) = crate::markdown::convert(&layer.text, &ctx) {
            let (typst, _) = layer.finish(&converted.typst);
            let root = typst::syntax::parse(&typst);
            let (errors, _) = root.errors_and_warnings();
            prop_assert!(errors.is_empty(), "{errors:?}\n--- marked:\n{marked}\n--- typst:\n{typst}");
        }
    }
}
