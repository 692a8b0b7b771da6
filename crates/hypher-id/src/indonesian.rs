//! Indonesian word division by the PUEBI rules ("Pemenggalan Kata"), written for tesis.
//!
//! 1. Syllables: a break between two vowels (da-e-rah) but not inside the diphthongs ai, au, oi,
//!    ei (pan-tai; ai and au before a word's last consonant are two vowels: ba-ik, ja-uh); before
//!    a single consonant between vowels (ba-pak); between two consonants (man-di); after the
//!    first of three or more (in-stru-men). ng, ny, sy and kh are one consonant (sa-ngat,
//!    ba-nyak, ma-sya-ra-kat, a-khir). Consonants at the start or end of a word belong to its
//!    first or last syllable (struk-tur, kon-teks).
//! 2. Affixes apart: a prefix before a base that starts with a vowel is divided after the prefix
//!    (ber-a-khir, meng-am-bil, per-u-bah-an); a circumfix's -an after the base (ke-bi-jak-an,
//!    pen-di-dik-an). When meN-/peN- replaced the base's first consonant (me-nu-lis,
//!    pe-ne-li-ti-an, me-nga-ta-kan), the word is divided as a base word (PUEBI's own note).
//! 3. Where the rules cannot tell a prefix or suffix from letters of the base (is `berat` ber+at
//!    or a base word? is `hubungan` hubung+an, `tangan` a base word?) and no word list below
//!    decides it, no break is offered there at all: a missed break costs a little spacing, a break
//!    in the wrong place is an error in print.
//! 4. Never a single letter at either end (the caller's bounds, two characters), and never a
//!    capitalised word here (names such as Wirayudha or Nanning; the rules cannot tell a name
//!    from a sentence's first word). The crate divides a capitalised word that the text also
//!    writes in lower case as that lower-case word (`set_ordinary_capitalised`).
//!
//! The word lists are common Indonesian bases, not a dictionary: vowel-initial bases (after ber-,
//! ter-, per-, meng-, peng-), consonant-final bases that take -an, and bases that end in -an.

/// Where `word` may be divided: character indices `i` (a break between characters `i - 1` and
/// `i`), ascending. Bounds (no single letter at an end) are left to the caller.
pub fn breaks(word: &str) -> Vec<usize> {
    // A capitalised word is a name (Wirayudha, Nanning), an acronym or a sentence's first word:
    // names are never divided, and the rules cannot tell the three apart.
    if word.chars().next().is_some_and(char::is_uppercase) {
        return Vec::new();
    }
    let chars: Vec<char> = word.chars().map(lower).collect();
    if chars.len() < 4 || !chars.iter().all(|c| c.is_alphabetic()) {
        return Vec::new();
    }
    let units = units(&chars);
    let mut cuts = syllables(&chars, &units);
    affixes(&chars, &units, &mut cuts);
    cuts.retain(|&c| c > 0 && c < chars.len());
    cuts.sort_unstable();
    cuts.dedup();
    cuts
}

/// `c` in lower case when that is one character.
fn lower(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(x), None) => x,
        _ => c,
    }
}

/// Whether `c` is a vowel.
fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'i' | 'u' | 'e' | 'o' | 'é' | 'è' | 'ê' | 'á' | 'í' | 'ó' | 'ú')
}

/// One sound: a vowel, a consonant, or a two-letter consonant (ng, ny, sy, kh).
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// The index of its first character.
    start: usize,
    /// How many characters it spans.
    len: usize,
    /// Whether it is a vowel.
    vowel: bool,
}

/// The sounds of `chars`, in order.
fn units(chars: &[char]) -> Vec<Unit> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let vowel = is_vowel(chars[i]);
        let digraph = !vowel
            && matches!((chars[i], chars.get(i + 1)), ('n', Some('g' | 'y')) | ('s', Some('y')) | ('k', Some('h')));
        let len = if digraph { 2 } else { 1 };
        out.push(Unit { start: i, len, vowel });
        i += len;
    }
    out
}

/// The breaks of rule 1 (syllables).
fn syllables(chars: &[char], units: &[Unit]) -> Vec<usize> {
    let vowels: Vec<usize> = (0..units.len()).filter(|&k| units[k].vowel).collect();
    let last_vowel = vowels.last().copied();
    let mut cuts = Vec::new();
    for pair in vowels.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        match b - a - 1 {
            0 => {
                let (x, y) = (chars[units[a].start], chars[units[b].start]);
                let diphthong = matches!((x, y), ('a', 'i' | 'u') | ('o', 'i') | ('e', 'i'));
                // ba-ik, ja-uh, la-ut: ai/au before the word's final consonant are two vowels.
                let closed_end = matches!((x, y), ('a', 'i' | 'u')) && Some(b) == last_vowel && units.len() == b + 2;
                if !diphthong || closed_end {
                    cuts.push(units[b].start);
                }
            }
            1 => cuts.push(units[a + 1].start),
            _ => cuts.push(units[a + 2].start),
        }
    }
    cuts
}

/// Prefixes ending in a consonant; before a vowel they need [`VOWEL_BASES`] (ber-, ter-, per-,
/// meng-, peng-) or mark a replaced first consonant (the others).
const CONSONANT_PREFIXES: [&str; 11] =
    ["meng", "meny", "peng", "peny", "mem", "men", "pem", "pen", "ber", "ter", "per"];

/// Prefixes ending in a vowel.
const VOWEL_PREFIXES: [&str; 5] = ["di", "ke", "se", "me", "pe"];

/// Suffixes after a base (for matching `base + suffixes`).
const SUFFIXES: [&str; 7] = ["kan", "an", "i", "nya", "lah", "kah", "pun"];

/// Bases that start with a vowel (after ber-, ter-, per-, meng-, peng- the word is divided after
/// the prefix).
const VOWEL_BASES: &[&str] = &[
    "acu",
    "ada",
    "adil",
    "ajak",
    "ajar",
    "akhir",
    "aku",
    "akal",
    "alam",
    "alih",
    "alir",
    "ambil",
    "amat",
    "amal",
    "analisis",
    "anggap",
    "anggar",
    "angkat",
    "anjur",
    "antar",
    "arah",
    "arti",
    "asuh",
    "atas",
    "atur",
    "awal",
    "awas",
    "edar",
    "ekspor",
    "impor",
    "ikut",
    "ingat",
    "ingin",
    "isi",
    "izin",
    "olah",
    "ubah",
    "ukur",
    "ulang",
    "umum",
    "undang",
    "unggul",
    "untung",
    "upaya",
    "urus",
    "usaha",
    "usul",
    "utama",
    "ungkap",
    "uji",
    "ulas",
    "ucap",
    "umpan",
    "urai",
    "urut",
    "alami",
    "operasi",
    "organisasi",
    "evaluasi",
    "identifikasi",
    "ekspresi",
    "angkut",
    "asing",
    "ajuk",
    "aman",
    "awat",
    "olok",
    "obat",
    "inap",
    "intai",
];

/// Bases ending in a consonant that take -an (tulis-an, hu-bung-an).
const SUFFIXED_BASES: &[&str] = &[
    "hubung", "tulis", "tindak", "harap", "lapor", "masuk", "ukur", "latih", "pilih", "jaring", "lingkung", "atur",
    "tanam", "makan", "minum", "pikir", "bangun", "dapat", "hasil", "ubah", "ikat", "ajar", "catat", "jawab", "kenal",
    "sebut", "dasar", "gerak", "tekan", "pegang", "kumpul", "ajak", "ingat", "kembang", "kurang", "ulang", "tahan",
    "lanjut", "tanggung", "tuntut", "dukung", "pimpin", "rangkai", "putus", "turun", "sambung", "larang", "tolong",
    "simpul", "susun", "tunjuk", "dengar", "duduk", "rumus", "tantang", "lapang", "pasang", "ringkas", "tetap",
    "gambar", "ingin", "timbang", "rasakan", "sambut", "tangkap", "tukar", "ukir", "balas", "bantah", "desak", "garis",
    "hadap", "hitung", "jelas", "kirim", "lihat", "masak", "rekam", "sapa", "serang", "tanggap", "tarik", "tawar",
    "terap", "tujuk", "urut", "usul", "alam", "adil", "aman", "akhir", "atas", "jalan", "bahas",
];

/// Bases ending in -an that are not base + -an (ta-ngan, ja-lan).
const AN_BASES: &[&str] = &[
    "dengan",
    "tangan",
    "jalan",
    "bulan",
    "badan",
    "ikan",
    "akan",
    "makan",
    "bukan",
    "teman",
    "zaman",
    "hutan",
    "tuhan",
    "lawan",
    "kawan",
    "bahan",
    "taman",
    "hujan",
    "tahan",
    "kawasan",
    "delapan",
    "sembilan",
    "ringan",
    "pasukan",
    "signifikan",
    "relevan",
    "tuan",
    "insan",
    "hewan",
    "kanan",
    "depan",
    "pesan",
    "peran",
    "kesan",
    "ladang",
    "rekan",
    "sultan",
    "lapan",
    "harian",
    "imbalan",
];

/// Whether `rest` is one of `bases` followed by suffixes only.
fn starts_with_base(rest: &str, bases: &[&str]) -> bool {
    bases.iter().any(|b| rest.strip_prefix(b).is_some_and(only_suffixes))
}

/// Whether `s` is empty or a run of [`SUFFIXES`].
fn only_suffixes(s: &str) -> bool {
    s.is_empty() || SUFFIXES.iter().any(|suf| s.strip_prefix(suf).is_some_and(only_suffixes))
}

/// Consonant pairs that begin words (pr-, tr-, st-, …): after di-, ke-, se-, me-, pe- they leave
/// open whether the letters before them are a prefix (di-pro-ses) or not (dis-ku-si).
fn onset_cluster(a: char, b: char) -> bool {
    matches!(
        (a, b),
        ('p' | 'b' | 't' | 'd' | 'k' | 'g' | 'f', 'r' | 'l') | ('s', 'p' | 't' | 'k' | 'w' | 'l' | 'm' | 'n')
    )
}

/// Rules 2 and 3: moves, adds and removes the breaks of `cuts` around prefixes and suffixes.
fn affixes(chars: &[char], units: &[Unit], cuts: &mut Vec<usize>) {
    let word: String = chars.iter().collect();
    let unit_at = |i: usize| units.iter().find(|u| u.start == i);
    // trans-na-si-o-nal, trans-por-ta-si: a bound element, not divided inside (tran-sna).
    if let Some(rest) = word.strip_prefix("trans")
        && rest.chars().next().is_some_and(|c| !is_vowel(c))
    {
        cuts.retain(|&c| c > 5);
        cuts.push(5);
    }
    let mut pos = 0;
    let mut first_prefix: Option<&str> = None;
    for level in 0..3 {
        let rest = &word[pos..];
        let Some(prefix) = CONSONANT_PREFIXES.iter().chain(&VOWEL_PREFIXES).find(|p| rest.starts_with(**p)) else {
            break;
        };
        let after = &rest[prefix.len()..];
        if after.len() < 3 {
            break;
        }
        // After a first prefix only per-, ber-, ter- before a consonant are read (mem-per-…,
        // ke-ber-…); `beri` in mem-be-ri-kan is a base.
        if level > 0 && (is_vowel(chars[pos + prefix.len()]) || !matches!(*prefix, "per" | "ber" | "ter")) {
            break;
        }
        let end = pos + prefix.len();
        let next = chars[end];
        if CONSONANT_PREFIXES.contains(prefix) {
            // The break rule 1 puts before the prefix's last consonant (be-r…, me-ng…).
            let last = if prefix.ends_with("ng") || prefix.ends_with("ny") { 2 } else { 1 };
            let syllable_cut = end - last;
            first_prefix.get_or_insert(prefix);
            if !is_vowel(next) {
                // ber-ja-lan, mem-ban-tu: rule 1 already divides after the prefix.
                pos = end;
                continue;
            }
            let reads_base = matches!(*prefix, "ber" | "ter" | "per" | "meng" | "peng");
            if reads_base && starts_with_base(after, VOWEL_BASES) {
                cuts.retain(|&c| c != syllable_cut);
                cuts.push(end);
            } else if matches!(*prefix, "ber" | "ter" | "per") {
                // berita, terima or ber+… with an unknown base: no break there, and no circumfix.
                cuts.retain(|&c| c != syllable_cut);
                if level == 0 {
                    first_prefix = None;
                }
            }
            // meng-, peng- with an unknown base: a replaced k (me-nga-ta-kan); mem-, men-,
            // meny-, pem-, pen-, peny- before a vowel always replaced the base's first sound.
            break;
        }
        // A vowel prefix.
        if is_vowel(next) {
            if matches!(*prefix, "di" | "ke" | "se") {
                first_prefix.get_or_insert(prefix);
                cuts.push(end);
                pos = end;
            }
            break;
        }
        let Some(u) = unit_at(end) else { break };
        let following = units.iter().find(|v| v.start == end + u.len);
        match following {
            Some(v) if !v.vowel => {
                // di-pro-ses or dis-ku-si: unknown, no break in the cluster. (After me-, pe- a
                // base never starts with two consonants: mes-ki-pun is a base word.)
                if u.len == 1 && matches!(*prefix, "di" | "ke" | "se") && onset_cluster(next, chars[v.start]) {
                    cuts.retain(|&c| c != v.start && c != end);
                }
                break;
            }
            _ => {
                // di-ba-ca, ke-bi-jak-an: a prefix before one consonant and a vowel.
                first_prefix.get_or_insert(prefix);
                pos = end;
            }
        }
    }
    suffix_an(chars, units, cuts, pos, first_prefix);
}

/// Rule 2 and 3 for -an at the end of a word (before -nya, -lah, -kah, -pun).
fn suffix_an(chars: &[char], units: &[Unit], cuts: &mut Vec<usize>, base_start: usize, prefix: Option<&str>) {
    let word: String = chars.iter().collect();
    let mut end = word.len();
    for _ in 0..2 {
        if let Some(p) = ["nya", "lah", "kah", "pun"].iter().find(|p| word[..end].ends_with(**p))
            && end - p.len() >= base_start + 4
        {
            end -= p.len();
        }
    }
    if !word[..end].ends_with("an") || end < base_start + 5 {
        return;
    }
    let an = end - 2;
    // The consonant before -an, and a vowel before it (…V C an).
    let Some(k) = units.iter().position(|u| u.start + u.len == an) else { return };
    if units[k].vowel || k == 0 || !units[k - 1].vowel {
        return;
    }
    let syllable_cut = units[k].start;
    let base = &word[base_start..an];
    let stem = &word[base_start..end];
    let whole = &word[..end];
    if AN_BASES.contains(&stem) || AN_BASES.contains(&whole) {
        return;
    }
    let c = chars[units[k].start];
    // -wan, -yan: pe-la-yan, war-ta-wan are not base + -an.
    if matches!(c, 'w' | 'y') {
        return;
    }
    let circumfix = match prefix {
        Some("ke" | "pe" | "pem" | "pen" | "peng" | "peny") => true,
        Some("per" | "ber") => c != 'k',
        _ => false,
    } && an - base_start >= 2;
    let known = SUFFIXED_BASES.contains(&base) || SUFFIXED_BASES.contains(&&word[..an]);
    if circumfix || known {
        cuts.retain(|&x| x != syllable_cut);
        cuts.push(an);
    } else if c == 'k' && matches!(prefix, Some("di" | "me" | "mem" | "men" | "meng" | "meny" | "ber" | "ter" | "per"))
    {
        // di-la-ku-kan, me-nga-ta-kan: -kan on a verb.
    } else {
        cuts.retain(|&x| x != syllable_cut);
    }
}

#[cfg(test)]
mod tests {
    use super::breaks;

    /// The word with `-` at its breaks.
    fn h(word: &str) -> String {
        let cuts = breaks(word);
        let mut out = String::new();
        for (i, c) in word.chars().enumerate() {
            if cuts.contains(&i) {
                out.push('-');
            }
            out.push(c);
        }
        out
    }

    #[test]
    fn syllable_rules() {
        assert_eq!(h("daerah"), "da-e-rah");
        assert_eq!(h("masyarakat"), "ma-sya-ra-kat");
        assert_eq!(h("instrumen"), "in-stru-men");
        assert_eq!(h("pantai"), "pan-tai");
        assert_eq!(h("baik"), "ba-ik");
    }

    #[test]
    fn affix_rules() {
        assert_eq!(h("berakhir"), "ber-a-khir");
        assert_eq!(h("mengatakan"), "me-nga-ta-kan");
        assert_eq!(h("kebijakan"), "ke-bi-jak-an");
        assert_eq!(h("perubahan"), "per-u-bah-an");
        // Unknown: no break where prefix and base are not told apart.
        assert_eq!(h("berita"), "beri-ta");
        // ke before two consonants is no prefix: no circumfix -an, and -kan or -an unknown.
        assert_eq!(h("kerjasamakan"), "ker-ja-sa-makan");
        assert_eq!(h("pelayan"), "pe-la-yan");
    }
}
