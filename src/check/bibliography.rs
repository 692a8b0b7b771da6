//! Citations against the bibliography: keys cited but not in any `pustaka` file (the build would
//! fail on them) and entries never cited (they are not printed, which is rarely what the student
//! meant). The `.bib` and Hayagriva `.yml` files are read with `hayagriva`, as Typst reads them.

use std::collections::HashSet;
use std::path::PathBuf;

use super::inventory::Named;
use super::{Findings, Kind, Scanned};
use crate::diag::Diagnostic;
use crate::project::Project;

/// The bibliography files and their entries.
#[derive(Debug, Default)]
pub struct Bibliography {
    /// Each file with its entries' keys and where they are written.
    pub files: Vec<(PathBuf, Vec<Named>)>,
}

impl Bibliography {
    /// Whether `key` is an entry of any file.
    pub fn contains(&self, key: &str) -> bool {
        self.files.iter().any(|(_, entries)| entries.iter().any(|e| e.name == key))
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.files.iter().map(|(_, e)| e.len()).sum()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Reads the project's bibliography files; unreadable ones become findings.
pub fn load(project: &Project, findings: &mut Findings) -> Bibliography {
    let mut bib = Bibliography::default();
    for path in project.bibliography_files() {
        let text = match crate::compile::read_text(&path) {
            Ok(t) => t,
            Err(d) => {
                findings.add(Kind::Broken, d);
                continue;
            }
        };
        let is_bib = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("bib"));
        let library = if is_bib {
            hayagriva::io::from_biblatex_str(&text).map_err(|errors| {
                errors
                    .iter()
                    .map(|e| {
                        let span = match e {
                            hayagriva::io::BibLaTeXError::Parse(p) => p.span.clone(),
                            hayagriva::io::BibLaTeXError::Type(t) => t.span.clone(),
                        };
                        Diagnostic::error(format!("the bibliography cannot be read: {e}")).at(&path, span)
                    })
                    .collect::<Vec<_>>()
            })
        } else {
            hayagriva::io::from_yaml_str(&text).map_err(|e| {
                let at = e.location().map_or(0, |l| l.index());
                vec![Diagnostic::error(format!("the bibliography cannot be read: {e}")).at(&path, at..at)]
            })
        };
        match library {
            Ok(library) => {
                if is_bib {
                    advise(&text, &path, findings);
                }
                let entries = library
                    .iter()
                    .map(|entry| {
                        let key = entry.key().to_string();
                        let range = key_position(&text, &key, is_bib);
                        Named { name: key, range }
                    })
                    .collect();
                bib.files.push((path, entries));
            }
            Err(problems) => {
                for d in problems {
                    findings.add(
                        Kind::Broken,
                        d.hint("fix the entry in your reference manager or by hand, then export again"),
                    );
                }
            }
        }
    }
    bib
}

/// Words that start or make an organisation's name (a corporate author).
const ORGANISATION_WORDS: &[&str] = &[
    "badan",
    "kementerian",
    "departemen",
    "pemerintah",
    "dinas",
    "lembaga",
    "komisi",
    "dewan",
    "majelis",
    "universitas",
    "institut",
    "republik",
    "bank",
    "sekretariat",
    "direktorat",
    "biro",
    "pusat",
    "asosiasi",
    "organisation",
    "organization",
    "ministry",
    "department",
    "agency",
    "institute",
    "council",
    "office",
    "association",
    "commission",
    "bureau",
    "university",
    "united",
    "world",
    "government",
];

/// Advice on entries that lack what their type needs in the styles tesis prints (issue 15): a
/// book without publisher or place, a web page without access date, an organisation written as a
/// person (it would be printed "Statistik, Badan Pusat").
fn advise(text: &str, path: &std::path::Path, findings: &mut Findings) {
    use biblatex::{ChunksExt, EntryType as T};
    let Ok(raw) = biblatex::Bibliography::parse(text) else { return };
    for entry in raw.iter() {
        let has = |f: &str| entry.get(f).is_some_and(|c| !c.format_verbatim().trim().is_empty());
        let mut missing = Vec::new();
        let book = matches!(entry.entry_type, T::Book | T::MvBook | T::InBook | T::InCollection | T::Collection);
        if book && !has("publisher") {
            missing.push("no publisher (`publisher`)");
        }
        if book && !has("address") && !has("location") {
            missing.push("no place of publication (`address`)");
        }
        let web = matches!(entry.entry_type, T::Online) || (matches!(entry.entry_type, T::Misc) && has("url"));
        if web && !has("urldate") {
            missing.push("no access date (`urldate`): the page is cited without \"diakses …\"");
        }
        for role in ["author", "editor"] {
            let Some(chunks) = entry.get(role) else { continue };
            // Only what is written outside braces can be split into given and family names.
            let plain: String =
                chunks.iter().filter(|c| matches!(c.v, biblatex::Chunk::Normal(_))).map(|c| c.v.get()).collect();
            for name in plain.split(" and ") {
                let lower = name.trim().to_lowercase();
                if !lower.contains(',') && lower.split_whitespace().any(|w| ORGANISATION_WORDS.contains(&w)) {
                    missing.push("an organisation written as a person: put its name in double braces, `{{Badan Pusat Statistik}}`");
                }
            }
        }
        missing.dedup();
        let range = key_position(text, &entry.key, true);
        for what in missing {
            findings.add(
                Kind::Advice,
                Diagnostic::warning(format!("bibliography entry `{}`: {what}", entry.key))
                    .at(path, range.clone())
                    .hint("complete the entry in your reference manager (Zotero: Place, Publisher, Accessed) and export again"),
            );
        }
    }
}

/// Where an entry's key is written: `@type{key,` in BibLaTeX, `key:` at a line start in YAML.
fn key_position(text: &str, key: &str, bib: bool) -> std::ops::Range<usize> {
    let found = if bib {
        text.match_indices(key).find(|(i, _)| {
            let before = text[..*i].trim_end();
            let after = text[i + key.len()..].trim_start();
            before.ends_with('{') && (after.starts_with(',') || after.starts_with('}'))
        })
    } else {
        text.match_indices(key).find(|(i, _)| {
            (*i == 0 || text[..*i].ends_with('\n')) && text[i + key.len()..].trim_start().starts_with(':')
        })
    };
    found.map_or(0..0, |(i, _)| i..i + key.len())
}

/// Reports citation keys missing from the bibliography and entries never cited.
pub fn check(bib: &Bibliography, scanned: &[Scanned], findings: &mut Findings) {
    let mut cited = HashSet::new();
    for s in scanned {
        for cite in &s.inventory.cites {
            cited.insert(cite.name.clone());
            if !bib.contains(&cite.name) {
                findings.add(Kind::Broken, unknown_key(&cite.name, s, cite, bib));
            }
        }
        // A Typst `@key` cites when the key is a bibliography entry.
        for r in &s.inventory.refs {
            if bib.contains(&r.name) {
                cited.insert(r.name.clone());
            }
        }
    }
    if !super::all_complete(scanned) {
        return;
    }
    for (path, entries) in &bib.files {
        for entry in entries.iter().filter(|e| !cited.contains(&e.name)) {
            findings.add(
                Kind::Advice,
                Diagnostic::warning(format!("bibliography entry `{}` is never cited", entry.name))
                    .at(path, entry.range.clone())
                    .hint("cite it (`[@key]` in Markdown, `@key` in Typst) or remove it: entries never cited are not printed in DAFTAR PUSTAKA"),
            );
        }
    }
}

/// The error for a citation key not in the bibliography, with the closest key as a hint.
fn unknown_key(key: &str, s: &Scanned, cite: &Named, bib: &Bibliography) -> Diagnostic {
    let keys: Vec<&str> = bib.files.iter().flat_map(|(_, e)| e.iter().map(|n| n.name.as_str())).collect();
    let mut d = Diagnostic::error(format!("citation key `{key}` is not in the bibliography"))
        .at(&s.inventory.file, cite.range.clone());
    if let Some(near) = crate::project::nearest(key, &keys) {
        d = d.hint(format!("did you mean `{near}`?"));
    }
    if bib.files.is_empty() {
        d.hint("thesis.yaml names no bibliography: add `pustaka: pustaka.bib`")
    } else {
        d.hint("add the entry to the bibliography (export it again from your reference manager)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn advises_on_incomplete_entries() {
        let bib = "@book{a,\n title={T}, publisher={P}, author={Badan Pusat Statistik}, year={2001}}\n\
                   @misc{w, title={W}, url={https://x.id}}\n@book{ok, title={T}, publisher={P}, address={Y}, author={{Badan Pusat Statistik}}}";
        let mut findings = Findings { final_: false, list: Vec::new() };
        advise(bib, std::path::Path::new("p.bib"), &mut findings);
        let text: Vec<String> = findings.list.iter().map(|f| f.diagnostic.message.clone()).collect();
        let text = text.join("\n");
        assert!(text.contains("`a`: no place of publication"), "{text}");
        assert!(text.contains("`a`: an organisation written as a person"), "{text}");
        assert!(text.contains("`w`: no access date"), "{text}");
        assert!(!text.contains("`ok`"), "{text}");
    }

    #[test]
    fn finds_keys_in_bib_and_yaml() {
        let bib = "@book{ab,\n title={x}}\n@misc{ abc ,\n}";
        assert_eq!(key_position(bib, "ab", true), 6..8);
        assert_eq!(key_position(bib, "abc", true), 29..32);
        assert_eq!(key_position("x:\n  a: 1\nkey:\n", "key", false), 10..13);
    }
}
