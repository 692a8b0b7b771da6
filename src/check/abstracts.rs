//! The abstracts (F18): at most 300 words each, each followed by 3 to 5 keywords.

use super::{Findings, Kind, Scanned};
use crate::diag::Diagnostic;
use crate::project::Project;

/// The longest abstract the guidelines allow, in words.
pub const MAX_WORDS: usize = 300;

/// The number of keywords the guidelines ask for.
pub const KEYWORDS: std::ops::RangeInclusive<usize> = 3..=5;

/// Reports abstracts that are too long or have too few or too many keywords.
pub fn check(project: &Project, scanned: &[Scanned], findings: &mut Findings) {
    let t = &project.thesis;
    let abstracts = [(t.abstrak.as_ref(), "abstrak", "kata_kunci"), (t.abstract_en.as_ref(), "abstract", "keywords")];
    let yaml = std::fs::read_to_string(&project.yaml_path).unwrap_or_default();
    for (a, key, kw_key) in abstracts {
        let Some(a) = a else { continue };
        if let Some(s) = scanned.iter().find(|s| s.source.include == a.file) {
            let words = s.inventory.words;
            if words > MAX_WORDS {
                findings.add(
                    Kind::Advice,
                    Diagnostic::warning(format!("the {key} has {words} words, more than {MAX_WORDS}"))
                        .at(&s.inventory.file, 0..0)
                        .hint(format!("shorten it to at most {MAX_WORDS} words")),
                );
            }
        }
        let keywords = if kw_key == "kata_kunci" && !a.kata_kunci.is_empty() || a.keywords.is_empty() {
            &a.kata_kunci
        } else {
            &a.keywords
        };
        if !KEYWORDS.contains(&keywords.len()) {
            let at = key_line(&yaml, key);
            findings.add(
                Kind::Advice,
                Diagnostic::warning(format!(
                    "the {key} has {} keywords; it needs {} to {}",
                    keywords.len(),
                    KEYWORDS.start(),
                    KEYWORDS.end()
                ))
                .at(&project.yaml_path, at)
                .hint(format!("list them under `{key}:` as `{kw_key}: [satu, dua, tiga]`")),
            );
        }
    }
}

/// The range of `key:` at the start of a line of thesis.yaml.
fn key_line(yaml: &str, key: &str) -> std::ops::Range<usize> {
    let mut offset = 0;
    for line in yaml.split_inclusive('\n') {
        if line.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')) {
            return offset..offset + key.len();
        }
        offset += line.len();
    }
    0..0
}
