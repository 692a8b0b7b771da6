//! Checking a CSV file a chapter includes as a table, so that a bad file is reported at the `.md`
//! line that names it (with the CSV line) rather than deep inside the template.
//!
//! The rules are those of Typst's `csv()` with its defaults: comma-separated, `"` quoting with
//! `""` inside quotes, and every row as long as the first (the header).

use std::fmt;

/// Why a CSV file cannot be used as a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum CsvProblem {
    /// The file is not UTF-8 text.
    NotUtf8,
    /// The file has no rows.
    Empty,
    /// A quoted field is never closed; it starts on this line.
    UnclosedQuote { line: usize },
    /// A row has a different number of fields than the header.
    Ragged { line: usize, found: usize, expected: usize },
}

impl fmt::Display for CsvProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotUtf8 => write!(f, "the file is not UTF-8 text"),
            Self::Empty => write!(f, "the file has no rows"),
            Self::UnclosedQuote { line } => {
                write!(f, "a quoted field opened on line {line} is never closed")
            }
            Self::Ragged { line, found, expected } => {
                write!(
                    f,
                    "line {line} has {found} {} but the header has {expected}",
                    if *found == 1 { "field" } else { "fields" }
                )
            }
        }
    }
}

/// The delimiter of a CSV file whose author did not name one: `;` or a tab when the first line
/// has it but no comma (spreadsheets in Indonesian locales write `;`), else `,`.
pub(crate) fn detect_delimiter(bytes: &[u8]) -> char {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    if first.contains(&b',') {
        ','
    } else if first.contains(&b';') {
        ';'
    } else if first.contains(&b'\t') {
        '\t'
    } else {
        ','
    }
}

/// Checks CSV bytes with fields separated by `delimiter`; returns the number of columns.
pub(crate) fn check(bytes: &[u8], delimiter: char) -> Result<usize, CsvProblem> {
    let text = std::str::from_utf8(bytes).map_err(|_| CsvProblem::NotUtf8)?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut expected = None;
    let mut line = 1;
    let mut fields = 0;
    let mut row_line = 1;
    let mut in_quotes = false;
    let mut quote_line = 1;
    let mut row_has_content = false;
    let mut chars = text.chars().peekable();
    let mut end_row = |fields: usize, row_line: usize, has: bool| -> Result<(), CsvProblem> {
        if !has {
            return Ok(());
        }
        match expected {
            None => expected = Some(fields),
            Some(n) if n != fields => {
                return Err(CsvProblem::Ragged { line: row_line, found: fields, expected: n });
            }
            Some(_) => {}
        }
        Ok(())
    };
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                '"' => in_quotes = false,
                '\n' => line += 1,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_quotes = true;
                quote_line = line;
                row_has_content = true;
            }
            c if c == delimiter => {
                fields += 1;
                row_has_content = true;
            }
            '\r' => {}
            '\n' => {
                end_row(fields + 1, row_line, row_has_content)?;
                fields = 0;
                row_has_content = false;
                line += 1;
                row_line = line;
            }
            _ => row_has_content = true,
        }
    }
    if in_quotes {
        return Err(CsvProblem::UnclosedQuote { line: quote_line });
    }
    end_row(fields + 1, row_line, row_has_content)?;
    expected.ok_or(CsvProblem::Empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn good_files() {
        assert_eq!(check(b"a,b\n1,2\n", ','), Ok(2));
        assert_eq!(check(b"\xef\xbb\xbfa,\"b,\"\"c\"\"\"\r\n1,\"x\ny\"\r\n", ','), Ok(2));
    }

    #[test]
    fn bad_files() {
        assert_eq!(check(b"a,b\n1,2\n3\n", ','), Err(CsvProblem::Ragged { line: 3, found: 1, expected: 2 }));
        assert_eq!(check(b"a,\"b\n1,2\n", ','), Err(CsvProblem::UnclosedQuote { line: 1 }));
        assert_eq!(check(b"\xff\xfe", ','), Err(CsvProblem::NotUtf8));
        assert_eq!(check(b"\n\n", ','), Err(CsvProblem::Empty));
    }

    #[test]
    fn delimiters() {
        assert_eq!(detect_delimiter(b"a;b\n1,5;2\n"), ';');
        assert_eq!(check(b"a;b\n1,5;2\n", ';'), Ok(2));
        assert_eq!(detect_delimiter(b"a,b;c\n"), ',');
        assert_eq!(detect_delimiter(b"a\tb\n"), '\t');
    }
}
