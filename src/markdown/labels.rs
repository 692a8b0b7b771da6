//! Label styles: tesis's own `gbr-`/`tbl-`/`bab-`, Quarto's `fig-`/`tbl-`/`sec-`/`eq-` and
//! pandoc-crossref's `fig:`/`tbl:`/`sec:`/`eq:`.
//!
//! A label is kept as written (`<fig:peta>` in the generated markup), so a `.typ` chapter can
//! refer to it with the same name; only its prefix decides that `@x` is a cross-reference rather
//! than a citation, and which kind of element may carry it. The template prints a reference the
//! same way whatever the style ("Gambar 2.1", "Tabel 3.2", "BAB II", "(2.1)").

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LabelKind {
    /// A figure: `gbr-`, `fig-`, `fig:`.
    Figure,
    /// A table: `tbl-`, `tbl:`.
    Table,
    /// A chapter or sub-heading: `bab-`, `sec-`, `sec:`.
    Section,
    /// A numbered equation: `eq-`, `eq:`.
    Equation,
}

/// Every accepted prefix with its kind; the first of each kind is tesis's own spelling.
const PREFIXES: [(&str, LabelKind); 10] = [
    ("gbr-", LabelKind::Figure),
    ("fig-", LabelKind::Figure),
    ("fig:", LabelKind::Figure),
    ("tbl-", LabelKind::Table),
    ("tbl:", LabelKind::Table),
    ("bab-", LabelKind::Section),
    ("sec-", LabelKind::Section),
    ("sec:", LabelKind::Section),
    ("eq-", LabelKind::Equation),
    ("eq:", LabelKind::Equation),
];

/// The kind a label's prefix names, if it has one of the accepted prefixes and a name after it.
pub(crate) fn kind_of(label: &str) -> Option<LabelKind> {
    PREFIXES.iter().find(|(p, _)| label.starts_with(p) && label.len() > p.len()).map(|(_, k)| *k)
}

/// The prefixes of one kind, tesis's own first (`gbr-`, `fig-`, `fig:`).
pub(crate) fn prefixes(kind: LabelKind) -> Vec<&'static str> {
    PREFIXES.iter().filter(|(_, k)| *k == kind).map(|(p, _)| *p).collect()
}

/// How the prefixes of one kind read in a message: "`gbr-`, `fig-` or `fig:`".
pub(crate) fn prefix_list(kind: LabelKind) -> String {
    let all: Vec<String> = prefixes(kind).iter().map(|p| format!("`{p}`")).collect();
    match all.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => all.concat(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds() {
        assert_eq!(kind_of("fig:peta"), Some(LabelKind::Figure));
        assert_eq!(kind_of("fig-peta"), Some(LabelKind::Figure));
        assert_eq!(kind_of("tbl:profil"), Some(LabelKind::Table));
        assert_eq!(kind_of("sec-teori"), Some(LabelKind::Section));
        assert_eq!(kind_of("eq:y"), Some(LabelKind::Equation));
        assert_eq!(kind_of("eq-"), None);
        assert_eq!(kind_of("smith2000"), None);
        assert_eq!(prefix_list(LabelKind::Figure), "`gbr-`, `fig-` or `fig:`");
    }
}
