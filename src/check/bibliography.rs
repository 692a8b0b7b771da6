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
    fn finds_keys_in_bib_and_yaml() {
        let bib = "@book{ab,\n title={x}}\n@misc{ abc ,\n}";
        assert_eq!(key_position(bib, "ab", true), 6..8);
        assert_eq!(key_position(bib, "abc", true), 29..32);
        assert_eq!(key_position("x:\n  a: 1\nkey:\n", "key", false), 10..13);
    }
}
