//! Running text: emphasis around whole quotes becomes a block quote, and paragraphs that a page
//! break cut in two are joined again.

use super::blocks::{Block, Kind};
use super::{Change, Report};

/// Quotation marks that can open a quote.
const OPEN_QUOTES: [char; 3] = ['“', '"', '„'];

/// Characters that end a sentence (or introduce what follows).
const FINAL: [char; 5] = ['.', '?', '!', ':', ';'];

/// Turns every paragraph wrapped as a whole in `*`/`**`/`***` (or `_` runs) that starts with a
/// quotation mark into a [`Kind::Quote`] without the emphasis.
pub fn quotes(blocks: &mut [Block], report: &mut Report) {
    for block in blocks.iter_mut() {
        if block.kind != Kind::Paragraph {
            continue;
        }
        let Some(inner) = unwrap_emphasis(&block.text) else {
            continue;
        };
        if inner.trim_start().starts_with(OPEN_QUOTES) {
            let inner = inner.trim().to_string();
            block.kind = Kind::Quote;
            block.set_lines(vec![inner]);
            report.count(Change::QuoteEmphasisRemoved);
        }
    }
}

/// The text inside emphasis markers that wrap all of `s`, if they do.
pub fn unwrap_emphasis(s: &str) -> Option<&str> {
    let s = s.trim();
    for run in ["***", "**", "*", "___", "__", "_"] {
        if s.len() > 2 * run.len() && s.starts_with(run) && s.ends_with(run) {
            let inner = &s[run.len()..s.len() - run.len()];
            let marker = run.chars().next().unwrap_or('*');
            if !inner.contains(run) && !inner.starts_with(marker) && !inner.ends_with(marker) && !inner.starts_with(' ')
            {
                return Some(inner);
            }
        }
    }
    None
}

/// Joins each paragraph to the block before it when a page break evidently cut them apart.
pub fn join(blocks: Vec<Block>, report: &mut Report) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    for block in blocks {
        let Some(prev) = out.last_mut() else {
            out.push(block);
            continue;
        };
        match decide(prev, &block) {
            Join::No => out.push(block),
            Join::Undecided => {
                report.undecided(
                    block.line,
                    "the text before ends without final punctuation but this paragraph starts upper case; kept apart"
                        .into(),
                );
                out.push(block);
            }
            Join::Words { hyphen, body } => {
                let mut lines = prev.lines.clone();
                let last = lines.last_mut().expect("a text block has a line");
                let mut body = body;
                if hyphen {
                    last.pop();
                    if reduplication(last, &body) {
                        last.push('-');
                    }
                    report.count(Change::HyphenationJoined);
                } else {
                    if last.ends_with('”') && body.starts_with("“ ") {
                        body = body["“ ".len()..].to_string();
                        report.count(Change::StrayQuoteRemoved);
                    }
                    last.push(' ');
                }
                last.push_str(&body);
                prev.set_lines(lines);
                report.count(Change::ParagraphRejoined);
            }
        }
    }
    out
}

/// What to do with a paragraph and the block before it.
enum Join {
    /// Keep them apart.
    No,
    /// Keep them apart, but say so: it may be a split the rules cannot see.
    Undecided,
    /// Append `body` to the block before; `hyphen`: the last word was split with a hyphen.
    Words { hyphen: bool, body: String },
}

/// Decides whether `next` continues `prev`.
fn decide(prev: &Block, next: &Block) -> Join {
    let continues_quote = prev.kind == Kind::Quote && open_quote(&prev.text);
    if !matches!(prev.kind, Kind::Paragraph | Kind::List) && !continues_quote {
        return Join::No;
    }
    if next.kind != Kind::Paragraph {
        return Join::No;
    }
    let body = match (continues_quote, unwrap_emphasis(&next.text)) {
        (true, Some(inner)) => inner.trim().to_string(),
        (true, None) => return Join::No,
        (false, _) => next.text.clone(),
    };
    let starts_lower = first_letter(&body).is_some_and(char::is_lowercase);
    let prev_text = prev.lines.last().map(String::as_str).unwrap_or("");
    if split_word(prev_text) && starts_lower {
        return Join::Words { hyphen: true, body };
    }
    let end = stripped_end(prev_text);
    if end.is_some_and(|c| FINAL.contains(&c)) {
        return Join::No;
    }
    if starts_lower {
        return Join::Words { hyphen: false, body };
    }
    let word_end = end.is_some_and(|c| c.is_alphanumeric() || c == ',' || c == '%');
    if next.page_break_before && word_end {
        return Join::Words { hyphen: false, body };
    }
    // A list item needs no final punctuation; a paragraph does.
    if word_end && prev.kind == Kind::Paragraph { Join::Undecided } else { Join::No }
}

/// True when the quote in `text` has more opening than closing marks.
fn open_quote(text: &str) -> bool {
    text.matches('“').count() > text.matches('”').count()
}

/// The first letter of `s` after quotation marks, emphasis and spaces.
fn first_letter(s: &str) -> Option<char> {
    s.chars().find(|c| !matches!(c, '*' | '_' | ' ' | '“' | '"' | '\'' | '‘' | '(')).filter(|c| c.is_alphabetic())
}

/// The last character of `s` that is not emphasis, a closing quote or a note reference.
fn stripped_end(s: &str) -> Option<char> {
    let mut s = s.trim_end();
    loop {
        let before = s.len();
        s = s.trim_end_matches(['*', '_', '”', '"', '’', ' ']);
        if let Some(at) = s.rfind("[^").filter(|_| s.ends_with(']')) {
            s = &s[..at];
        }
        if s.len() == before {
            break;
        }
    }
    s.chars().last()
}

/// True when `s` ends with a word cut by a hyphen (`pemerin-`), not a dash after a space.
fn split_word(s: &str) -> bool {
    let mut rev = s.trim_end().chars().rev();
    rev.next() == Some('-') && rev.next().is_some_and(char::is_alphabetic)
}

/// True when the hyphen joins a reduplicated word (`negara-` + `negara`), so it stays.
fn reduplication(before_hyphen: &str, next: &str) -> bool {
    let word = before_hyphen.rsplit(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    let next_word = next.split(|c: char| !c.is_alphanumeric()).next().unwrap_or("");
    !word.is_empty() && word.eq_ignore_ascii_case(next_word)
}

/// Joins words a line break split with a hyphen inside one paragraph ("pemerin-" / "tahan"), as
/// converters that keep the PDF's lines leave them.
pub fn dehyphenate(blocks: &mut [Block], report: &mut Report) {
    for block in blocks.iter_mut().filter(|b| b.kind == Kind::Paragraph && b.lines.len() > 1) {
        let mut lines: Vec<String> = Vec::new();
        for line in &block.lines {
            match lines.last_mut() {
                Some(last) if split_word(last) && first_letter(line).is_some_and(char::is_lowercase) => {
                    last.pop();
                    if reduplication(last, line) {
                        last.push('-');
                    }
                    last.push_str(line);
                    report.count(Change::HyphenationJoined);
                }
                _ => lines.push(line.clone()),
            }
        }
        if lines.len() != block.lines.len() {
            block.set_lines(lines);
        }
    }
}
