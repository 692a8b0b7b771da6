//! Heading levels from the numbering the author typed, not from the `#` count the conversion
//! guessed: A. → level 2, 1. → level 3, a. → level 4, 1) → level 5, a) → level 6 (FORMAT F7),
//! read in context, so that an "A." under a "4." opens a deeper level and a repeated letter
//! stays a sibling.

use super::blocks::{Block, Kind};
use super::{Change, Report};

/// The kinds of typed heading numbers, in their FORMAT F7 order.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Style {
    /// `A.`
    Upper,
    /// `1.`
    Arabic,
    /// `a.`
    Lower,
    /// `1)`
    ArabicParen,
    /// `a)`
    LowerParen,
}

impl Style {
    /// The level this style has when nothing around it says otherwise (F7 order).
    fn default_depth(self) -> usize {
        match self {
            Style::Upper => 0,
            Style::Arabic => 1,
            Style::Lower => 2,
            Style::ArabicParen => 3,
            Style::LowerParen => 4,
        }
    }
}

/// One open heading level: its numbering style (none for an unnumbered heading) and last value.
type Open = (Option<Style>, u32);

/// Sets each heading's level (below the chapter, from 2) from its typed numbering, removes
/// emphasis around the heading text, and reports what changed.
pub fn normalise(blocks: &mut [Block], report: &mut Report) {
    let mut stack: Vec<Open> = Vec::new();
    // The numbers the template will print, per level (index = level).
    let mut counters = [0u32; 7];
    for block in blocks.iter_mut() {
        let Kind::Heading(source) = block.kind else {
            continue;
        };
        if source == 1 {
            stack.clear();
            counters = [0; 7];
            continue;
        }
        let text = block.text.trim();
        let bare = text.trim_matches('*').trim();
        if bare.len() != text.len() {
            report.count(Change::HeadingEmphasisRemoved);
        }
        let bare = bare.to_string();
        let depth = match number(&bare) {
            Some((style, value)) => numbered(&mut stack, style, value, block.line, &bare, report),
            None => {
                let depth = match stack.last() {
                    Some((None, _)) => stack.len() - 1,
                    _ => stack.len(),
                };
                stack.truncate(depth);
                stack.push((None, 0));
                depth
            }
        };
        let level = (depth + 2).min(6);
        if level != source {
            report.count(Change::HeadingLevelChanged);
        }
        counters[level] += 1;
        counters[level + 1..].fill(0);
        let bare = renumber(&bare, level, counters[level], block.line, report);
        block.kind = Kind::Heading(level);
        block.set_lines(vec![bare]);
    }
}

/// `text` with its typed number replaced by `value` in the style FORMAT F7 gives `level`, so the
/// source agrees with what the template prints (it numbers headings itself).
fn renumber(text: &str, level: usize, value: u32, line: usize, report: &mut Report) -> String {
    let Some((typed, rest)) = text.split_once(' ').filter(|_| number(text).is_some()) else {
        return text.to_string();
    };
    let letter = |upper: bool| {
        let c = char::from_u32('a' as u32 + (value - 1) % 26).unwrap_or('a');
        if upper { c.to_ascii_uppercase() } else { c }.to_string()
    };
    let wanted = match level {
        2 => format!("{}.", letter(true)),
        3 => format!("{value}."),
        4 => format!("{}.", letter(false)),
        5 => format!("{value})"),
        _ => format!("{})", letter(false)),
    };
    if typed == wanted {
        return text.to_string();
    }
    report.count(Change::HeadingRenumbered);
    report.undecided(
        line,
        format!("heading \"{text}\": typed number {typed} became {wanted}, the number the template prints"),
    );
    format!("{wanted} {rest}")
}

/// The depth (0 = level 2) of a heading numbered `value` in `style`, updating the open levels.
fn numbered(stack: &mut Vec<Open>, style: Style, value: u32, line: usize, text: &str, report: &mut Report) -> usize {
    let same = |s: &Open| s.0 == Some(style);
    let depth = if let Some(d) = (0..stack.len()).rev().find(|&d| same(&stack[d]) && stack[d].1 + 1 == value) {
        d
    } else if stack.last().is_some_and(|s| same(s) && s.1 == value) {
        report
            .undecided(line, format!("\"{text}\" repeats the number of the heading before; numbered as the next one"));
        stack.len() - 1
    } else if value == 1 {
        stack.len()
    } else if let Some(d) = (0..stack.len()).rev().find(|&d| same(&stack[d])) {
        report.undecided(line, format!("\"{text}\" skips a number; kept at the level of its style"));
        d
    } else {
        report.undecided(line, format!("\"{text}\" starts its level at {value}; placed by its numbering style"));
        style.default_depth().min(stack.len())
    };
    stack.truncate(depth);
    stack.push((Some(style), value));
    depth
}

/// The typed number at the start of a heading: `A.`, `1.`, `a.`, `1)`, `a)`.
fn number(text: &str) -> Option<(Style, u32)> {
    let (token, _) = text.split_once(' ')?;
    let (body, paren) =
        if let Some(b) = token.strip_suffix('.') { (b, false) } else { (token.strip_suffix(')')?, true) };
    if let Ok(n) = body.parse::<u32>() {
        return Some((if paren { Style::ArabicParen } else { Style::Arabic }, n));
    }
    let mut chars = body.chars();
    let c = chars.next()?;
    if chars.next().is_some() || !c.is_ascii_alphabetic() {
        return None;
    }
    let value = c.to_ascii_lowercase() as u32 - 'a' as u32 + 1;
    let style = match (c.is_ascii_uppercase(), paren) {
        (true, false) => Style::Upper,
        (false, false) => Style::Lower,
        (false, true) => Style::LowerParen,
        (true, true) => return None,
    };
    Some((style, value))
}

/// Turns the chapter heads a PDF conversion leaves as plain lines ("**BAB I**" then
/// "**PENDAHULUAN**", or "# BAB II" then "TINJAUAN PUSTAKA") into one level-1 heading
/// `BAB I PENDAHULUAN`, so that chapters split there and the cover ends there.
pub fn chapter_heads(blocks: Vec<Block>, report: &mut Report) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut iter = blocks.into_iter().peekable();
    while let Some(block) = iter.next() {
        let Some((numeral, title)) = bab_line(&block) else {
            out.push(block);
            continue;
        };
        let mut title = title;
        let mut merged = false;
        if let Some(next) = iter.peek().filter(|b| title.is_empty() && is_title_line(b)) {
            title = next.text.trim().trim_matches(['*', '#', ' ']).trim().to_string();
            merged = true;
            iter.next();
        }
        if title.is_empty() {
            report
                .undecided(block.line, format!("BAB {numeral} has no title line; write the title in its `#` heading"));
        }
        if block.kind != Kind::Heading(1) || merged {
            report.count(Change::ChapterHeadFound);
        }
        let text = format!("BAB {numeral} {title}").trim_end().to_string();
        out.push(Block::new(block.line, Kind::Heading(1), vec![text]));
    }
    out
}

/// The numeral and the title (possibly empty) of a "BAB IV" / "BAB IV TITLE" line.
fn bab_line(block: &Block) -> Option<(String, String)> {
    if !matches!(block.kind, Kind::Paragraph | Kind::Heading(_)) {
        return None;
    }
    let text = block.lines.join(" ");
    let text = text.trim().trim_matches(['*', '#', ' ']).trim();
    let rest = text.strip_prefix("BAB ")?;
    let (numeral, title) = rest.split_once(' ').unwrap_or((rest, ""));
    let numeral = numeral.trim_end_matches(['.', ':']);
    let roman = !numeral.is_empty() && numeral.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'));
    let title = title.trim().trim_matches('*').trim();
    // A sentence starting "BAB II, Membahas …" is text, not a head: a title is upper case.
    let upper = title.chars().all(|c| !c.is_lowercase());
    (roman && upper).then(|| (numeral.to_string(), title.to_string()))
}

/// True for a short upper-case line that can be a chapter title.
fn is_title_line(block: &Block) -> bool {
    let text = block.text.trim().trim_matches(['*', '#', ' ']);
    matches!(block.kind, Kind::Paragraph | Kind::Heading(_))
        && !text.is_empty()
        && text.len() <= 120
        && text.chars().any(char::is_alphabetic)
        && text.chars().all(|c| !c.is_lowercase())
}
