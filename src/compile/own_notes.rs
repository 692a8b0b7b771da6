//! Which `.typ` chapters have the notes of their citations made by the template (issue 19).
//!
//! In a note style Typst makes a citation's footnote itself, but only from its second layout
//! on (it renders citations from what the first layout located), so every later note number
//! changes between the second layout and the third, and every paragraph with a note mark is
//! laid out a third time. A footnote the template makes exists from the first layout on.
//! Markdown chapters get it through the converter (`#sitasi(..)`, api.typ); a `.typ` chapter
//! gets it from a rule around the chapter (rules/citations.typ `citation-notes`), which makes
//! one note per `cite`. Typst makes one note for a group of citations with only spaces between
//! them (`@a @b`), which a rule on single citations cannot see, so a chapter with such a
//! group keeps Typst's notes: the same notes, laid out once more. So does a chapter whose
//! citations the syntax may not show one by one: one that includes or imports another file
//! (the template's `lib.typ` aside), defines a function, loops, has a `show` rule of its own, or
//! makes two citations in one piece of code.

use std::path::Path;

use typst::syntax::{SyntaxKind, SyntaxNode};

use crate::memo::Memo;

/// The `.typ` chapters of `bab` (compiler paths, as thesis.json lists them) whose citations'
/// notes the template may make ([`template_may_make_notes`]), in the project at `root`. Each
/// chapter is parsed again only when its text changed (`tesis watch` compiles after every save).
pub fn chapters(bab: &[String], root: &Path) -> Vec<String> {
    static CHECKED: Memo<bool> = Memo::new();
    bab.iter()
        .filter(|path| path.ends_with(".typ") && !path.starts_with("/_tesis/"))
        .filter(|path| {
            let file = root.join(path.trim_start_matches('/'));
            let Ok(text) = std::fs::read_to_string(&file) else { return false };
            CHECKED.get(&file.to_string_lossy(), typst::utils::hash128(&text), || template_may_make_notes(&text))
        })
        .cloned()
        .collect()
}

/// Whether the template may make the notes of a `.typ` chapter's citations: it has no citation
/// group and nothing that makes citations the syntax does not show one by one.
pub fn template_may_make_notes(text: &str) -> bool {
    let root = typst::syntax::parse(text);
    !group_in(&root) && !opaque_in(&root)
}

/// Whether `node` holds an include, an import other than the template's, a function, a loop or
/// a show rule: what may lay citations side by side that the syntax shows apart.
fn opaque_in(node: &SyntaxNode) -> bool {
    match node.kind() {
        SyntaxKind::ModuleInclude
        | SyntaxKind::Closure
        | SyntaxKind::ForLoop
        | SyntaxKind::WhileLoop
        | SyntaxKind::ShowRule => return true,
        // Code that joins what it makes (`#{ cite(<a>); cite(<b>) }`, `#(cite(<a>) + cite(<b>))`)
        // lays its citations side by side whatever stands between them in the syntax.
        SyntaxKind::CodeBlock | SyntaxKind::Parenthesized | SyntaxKind::Binary if citations_in(node) >= 2 => {
            return true;
        }
        SyntaxKind::ModuleImport => {
            let source = node.children().find(|c| c.kind() == SyntaxKind::Str);
            if source.is_none_or(|s| s.full_text().trim_matches('"') != "/template/lib.typ") {
                return true;
            }
        }
        _ => {}
    }
    node.children().any(opaque_in)
}

/// Whether `node` is a citation in the syntax: `@key` (or a reference) or a `cite(..)` call.
fn is_citation(node: &SyntaxNode) -> bool {
    match node.kind() {
        SyntaxKind::Ref => true,
        SyntaxKind::FuncCall => node.children().next().is_some_and(|c| c.full_text() == "cite"),
        _ => false,
    }
}

/// How many citations are under `node`.
fn citations_in(node: &SyntaxNode) -> usize {
    usize::from(is_citation(node)) + node.children().map(citations_in).sum::<usize>()
}

/// Whether the markup under `node` has two citations (`@key`, `#cite(..)`) with only spaces
/// between them. A reference to a figure counts too (`@gbr-x @a` is a group only if `@gbr-x`
/// were a citation, which the syntax cannot tell): a chapter wrongly counted keeps Typst's
/// notes, that is all.
fn group_in(node: &SyntaxNode) -> bool {
    let mut after_citation = false;
    for child in node.children() {
        if is_citation(child) {
            if after_citation {
                return true;
            }
            after_citation = true;
            continue;
        }
        match child.kind() {
            SyntaxKind::Space | SyntaxKind::Hash => continue,
            _ => after_citation = false,
        }
        if group_in(child) {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_citation_group(text: &str) -> bool {
        group_in(&typst::syntax::parse(text))
    }

    #[test]
    fn groups_are_citations_with_only_spaces_between() {
        assert!(has_citation_group("Teks @a @b."));
        assert!(has_citation_group("Teks @a\n@b[hlm. 3]."));
        assert!(has_citation_group("Teks #cite(<a>) #cite(<b>)."));
        assert!(has_citation_group("Teks @a#cite(<b>)."));
        assert!(has_citation_group("#footnote[Lihat @a @b.]"));
        assert!(!has_citation_group("Teks @a dan @b.\n\n@c"));
        assert!(!has_citation_group("Teks @a.\n\n@b"));
        assert!(!has_citation_group("Teks @a, #cite(<b>)."));
        assert!(!has_citation_group("Teks tanpa sitasi."));
    }

    #[test]
    fn what_the_syntax_may_not_show_keeps_typsts_notes() {
        let lib = "#import \"/template/lib.typ\": *\n\n";
        assert!(template_may_make_notes(&format!("{lib}= Bab\n\nTeks @a. #set text(lang: \"en\")\n#footnote[@b]")));
        assert!(template_may_make_notes(&format!("{lib}Teks #{{ cite(<a>) }} dan #(1 + 2).")));
        for opaque in [
            "#include \"bagian.typ\"",
            "#import \"util.typ\": sitasi-ganda",
            "#let c(k) = cite(k)\n#c(<a>) #c(<b>)",
            "#for k in (<a>, <b>) { cite(k) }",
            "#while false {}",
            "#show cite: it => it",
            "#{ cite(<a>); cite(<b>) }",
            "#(cite(<a>) + cite(<b>))",
        ] {
            assert!(!template_may_make_notes(&format!("{lib}Teks @a.\n{opaque}")), "{opaque}");
        }
    }

    #[test]
    fn only_typ_chapters_without_groups() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("thesis")).unwrap();
        std::fs::write(dir.path().join("thesis/bab2.typ"), "= Bab\n\nTeks @a.").unwrap();
        std::fs::write(dir.path().join("thesis/bab3.typ"), "= Bab\n\nTeks @a @b.").unwrap();
        let bab = ["/_tesis/md/thesis/bab1.typ", "/thesis/bab2.typ", "/thesis/bab3.typ", "/thesis/bab9.typ"];
        let bab: Vec<String> = bab.iter().map(|s| s.to_string()).collect();
        assert_eq!(chapters(&bab, dir.path()), vec!["/thesis/bab2.typ".to_string()]);
    }
}
