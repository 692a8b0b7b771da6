//! Formulas: `$…$` and `$$…$$` in LaTeX, converted to Typst math with the `mitex` crate.
//!
//! pandoc's rule decides what is a formula (pulldown-cmark's math extension, plus the digit rule
//! in [`super::parse`]): an opening `$` not followed by a space, a closing `$` not preceded by a
//! space and not followed by a digit, so "harga $5 atau $10" stays text.
//!
//! Emitted markup:
//! - `$x^2$` → `#rumus("x ^(2 )")`: the converted formula as a string literal, which the
//!   template's `rumus` evaluates in math mode with the few functions the converter calls beyond
//!   Typst's own (rules/math.typ). The student's text never becomes code of the chapter;
//! - `$$…$$` → `#rumus("…", blok: true)`; a paragraph holding only `$$…$$ {#eq-x}` (Quarto's
//!   `eq-`, pandoc-crossref's `eq:`) → `#rumus("…", blok: true, bernomor: true) <eq-x>`, numbered
//!   per chapter as (2.1) and referred to with `@eq-x` ("Persamaan (2.1)").
//!
//! A formula the converter cannot read, a brace or `\left`/`\right` or `\begin`/`\end` left open,
//! or converted markup Typst could not parse is an error at the `.md` line and column.

use std::ops::Range;

use super::MdDiagnostic;
use super::blocks::Converter;
use super::emit::is_label;
use super::labels::{self, LabelKind};
use super::parse::Inline;

impl Converter<'_> {
    /// Writes a formula, or reports why it cannot be read.
    pub fn math(&mut self, tex: &str, display: bool, tex_at: Option<usize>, range: Range<usize>) {
        let Some(typst) = self.convert_math(tex, tex_at, range.clone()) else {
            return;
        };
        self.out.anchor(range.start);
        self.out.code("#rumus(");
        self.out.str_lit(&typst, range.start);
        if display {
            self.out.code(", blok: true");
        }
        self.out.code(")");
    }

    /// When `inlines` is a display formula alone (optionally followed by `{#eq-x}`), writes it
    /// as a block equation, numbered when labelled; returns whether it did.
    pub fn display_equation(&mut self, inlines: &[Inline], range: Range<usize>) -> bool {
        let [Inline::Math { tex, display: true, tex_at, range: math_range }, rest @ ..] = inlines else {
            return false;
        };
        let id = match rest {
            [] => None,
            [Inline::Text { text, offs }] => match equation_attrs(text) {
                Some(id) => Some((id, offs[0]..offs[text.len() - 1] + 1)),
                None => return false,
            },
            _ => return false,
        };
        let Some(typst) = self.convert_math(tex, *tex_at, math_range.clone()) else {
            return true;
        };
        self.out.anchor(range.start);
        self.out.code("#rumus(");
        self.out.str_lit(&typst, math_range.start);
        self.out.code(", blok: true");
        let Some((id, at)) = id else {
            self.out.code(")");
            return true;
        };
        let Some(id) = id else {
            // `{-}` or `{.unnumbered}`: stays unnumbered.
            self.out.code(")");
            return true;
        };
        if !is_label(&id) {
            self.out.code(")");
            self.diags.push(
                MdDiagnostic::error(at, format!("`{{#{id}}}` is not a valid label"))
                    .with_hint("labels use letters, digits, `-`, `_`, `:` and `.`"),
            );
            return true;
        }
        if labels::kind_of(&id) != Some(LabelKind::Equation) {
            self.diags.push(
                MdDiagnostic::warning(
                    at,
                    format!("equation label `{id}` does not start with {}", labels::prefix_list(LabelKind::Equation)),
                )
                .with_hint(format!("write {{#eq-{id}}} so that `@eq-{id}` refers to it")),
            );
        }
        self.equations += 1;
        self.out.code(", bernomor: true) <");
        self.out.code(&id);
        self.out.code(">");
        true
    }

    /// The Typst math of a LaTeX formula, or `None` after reporting why there is none.
    fn convert_math(&mut self, tex: &str, tex_at: Option<usize>, range: Range<usize>) -> Option<String> {
        let at = |offset: usize| match tex_at {
            Some(start) => start + offset..start + offset + 1,
            None => range.clone(),
        };
        if tex.trim().is_empty() {
            self.diags.push(
                MdDiagnostic::error(range.clone(), "empty formula")
                    .with_hint("write the formula between the dollars, or `\\$` for a dollar sign"),
            );
            return None;
        }
        if let Some((offset, problem)) = unbalanced(tex) {
            self.diags.push(
                MdDiagnostic::error(at(offset), format!("this formula cannot be read: {problem}"))
                    .with_hint("formulas are written in LaTeX, e.g. $\\frac{a}{b}$; write `\\$` for a dollar sign"),
            );
            return None;
        }
        let converted = match mitex::convert_math(tex, None) {
            Ok(converted) => converted,
            Err(reason) => {
                let reason = reason.trim_start_matches("error: ").to_string();
                let offset =
                    reason.split_once("unknown command: ").and_then(|(_, cmd)| tex.find(cmd.trim())).unwrap_or(0);
                self.diags
                    .push(MdDiagnostic::error(at(offset), format!("this formula cannot be read: {reason}")).with_hint(
                        "formulas are written in LaTeX, e.g. $\\frac{a}{b}$; write `\\$` for a dollar sign",
                    ));
                return None;
            }
        };
        let (errors, _) = typst::syntax::parse_math(&converted).errors_and_warnings();
        if let Some(error) = errors.first() {
            self.diags.push(
                MdDiagnostic::error(at(0), format!("this formula cannot be read: {}", error.message))
                    .with_hint("check the formula's braces and commands; formulas are written in LaTeX"),
            );
            return None;
        }
        Some(converted.trim().to_string())
    }
}

/// The label of an equation's attribute block (`{#eq-x}`: `Some(Some("eq-x"))`; `{-}`:
/// `Some(None)`), or `None` when `text` is not one.
fn equation_attrs(text: &str) -> Option<Option<String>> {
    let inner = text.trim().strip_prefix('{')?.strip_suffix('}')?;
    let mut id = None;
    for item in inner.split_whitespace() {
        match item.strip_prefix('#') {
            Some(name) if id.is_none() => id = Some(name.to_string()),
            None if item == "-" || item == ".unnumbered" => {}
            _ => return None,
        }
    }
    Some(id)
}

/// The first thing left open in a LaTeX formula: an unmatched `{` or `}`, `\left` without
/// `\right`, `\begin{x}` without `\end{x}`; its byte offset and what is wrong.
fn unbalanced(tex: &str) -> Option<(usize, String)> {
    let bytes = tex.as_bytes();
    let mut braces: Vec<usize> = Vec::new();
    let mut lefts: Vec<usize> = Vec::new();
    let mut envs: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => {
                let name_len = tex[i + 1..].find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(tex.len() - i - 1);
                let name = &tex[i + 1..i + 1 + name_len];
                match name {
                    "left" => lefts.push(i),
                    "right" if lefts.pop().is_none() => {
                        return Some((i, "`\\right` without a `\\left` before it".into()));
                    }
                    "begin" | "end" => {
                        let after = &tex[i + 1 + name_len..];
                        let env = after
                            .trim_start()
                            .strip_prefix('{')
                            .and_then(|a| a.split_once('}'))
                            .map(|(e, _)| e.trim().to_string())
                            .unwrap_or_default();
                        if name == "begin" {
                            envs.push((i, env));
                        } else {
                            match envs.pop() {
                                Some((_, open)) if open == env => {}
                                Some((_, open)) => {
                                    return Some((i, format!("`\\end{{{env}}}` closes `\\begin{{{open}}}`")));
                                }
                                None => return Some((i, format!("`\\end{{{env}}}` without a `\\begin{{{env}}}`"))),
                            }
                        }
                    }
                    _ => {}
                }
                // `\{`, `\}`, `\\` and other one-character commands skip their character.
                i += 1 + name_len.max(1);
                while i < bytes.len() && !tex.is_char_boundary(i) {
                    i += 1;
                }
                continue;
            }
            b'{' => braces.push(i),
            b'}' if braces.pop().is_none() => return Some((i, "a `}` without a `{` before it".into())),
            _ => {}
        }
        i += 1;
    }
    if let Some(open) = braces.first() {
        return Some((*open, "a `{` is never closed".into()));
    }
    if let Some(open) = lefts.first() {
        return Some((*open, "`\\left` without a `\\right` after it".into()));
    }
    envs.first().map(|(open, env)| (*open, format!("`\\begin{{{env}}}` without an `\\end{{{env}}}`")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_is_left_open() {
        assert_eq!(unbalanced("\\frac{a}{b}"), None);
        assert_eq!(unbalanced("\\frac{a}{"), Some((8, "a `{` is never closed".into())));
        assert_eq!(unbalanced("\\{ a \\}"), None);
        assert_eq!(unbalanced("a}"), Some((1, "a `}` without a `{` before it".into())));
        assert!(unbalanced("\\left( x").is_some());
        assert_eq!(unbalanced("\\left( x \\right)"), None);
        assert!(unbalanced("\\begin{cases} a").is_some());
        assert_eq!(unbalanced("\\begin{cases} a \\\\ b \\end{cases}"), None);
        assert!(unbalanced("\\begin{cases} a \\end{pmatrix}").is_some());
    }

    #[test]
    fn equation_attributes() {
        assert_eq!(equation_attrs(" {#eq-y}"), Some(Some("eq-y".into())));
        assert_eq!(equation_attrs(" {-}"), Some(None));
        assert_eq!(equation_attrs(" dan teks"), None);
    }
}
