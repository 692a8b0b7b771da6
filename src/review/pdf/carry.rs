//! Marks placed on the sources a PDF was built from, carried onto today's files: a mark moves
//! with its text when that text and a little around it are still there unchanged (found by
//! comparing the two versions of the file); a mark whose words changed is reported, not written.

use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp};

use crate::review::place::{Plan, Write};

/// Characters on each side of a mark that must be unchanged for it to be carried.
const CONTEXT: usize = 8;

/// Carries `plan`, made on the project copy at `past_root`, onto the project at `root`.
pub fn carry(plan: &Plan, past_root: &Path, root: &Path) -> Plan {
    let mut out = Plan { unplaced: plan.unplaced.clone(), ..Plan::default() };
    for (file, writes) in &plan.writes {
        let Some((old, _)) = plan.files.get(file) else { continue };
        let rel = file.strip_prefix(past_root).unwrap_or(file);
        let today = root.join(rel);
        let Ok(now) = std::fs::read_to_string(&today) else {
            for w in writes {
                out.unplaced.push(format!("{}: not written, {} is no longer there", w.what, rel.display()));
            }
            continue;
        };
        let map = Map::new(old, &now);
        let mut carried: Vec<Write> = Vec::new();
        for w in writes {
            match map.carry(old, &w.range) {
                Some(range) => carried.push(Write { range, ..w.clone() }),
                None => out.unplaced.push(format!(
                    "{}: not written, {} changed there since the PDF was built",
                    w.what,
                    rel.display()
                )),
            }
        }
        carried.sort_by_key(|w| (w.range.start, w.range.end));
        carried.dedup_by(|b, a| b.range.start < a.range.end);
        let mut text = String::with_capacity(now.len() + carried.iter().map(|w| w.text.len()).sum::<usize>());
        let mut at = 0;
        for w in &carried {
            text.push_str(&now[at..w.range.start]);
            text.push_str(&w.text);
            at = w.range.end;
        }
        text.push_str(&now[at..]);
        out.placed.insert(today.clone(), carried.iter().map(|w| (w.placed.clone(), w.what.clone())).collect());
        out.writes.insert(today.clone(), carried);
        out.files.insert(today, (now, text));
    }
    out
}

/// The unchanged stretches of two versions of a text, in bytes: (old start, new start, length).
struct Map {
    equal: Vec<(usize, usize, usize)>,
}

impl Map {
    /// Compares `old` and `new` character by character (giving up on an exact comparison after
    /// two seconds, which only makes fewer stretches unchanged).
    fn new(old: &str, new: &str) -> Self {
        let a: Vec<(usize, char)> = old.char_indices().collect();
        let b: Vec<(usize, char)> = new.char_indices().collect();
        let (ac, bc): (Vec<char>, Vec<char>) = (a.iter().map(|c| c.1).collect(), b.iter().map(|c| c.1).collect());
        let deadline = Instant::now() + Duration::from_secs(2);
        let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &ac, &bc, Some(deadline));
        let byte = |chars: &[(usize, char)], text: &str, i: usize| chars.get(i).map_or(text.len(), |c| c.0);
        let equal = ops
            .iter()
            .filter_map(|op| match *op {
                DiffOp::Equal { old_index, new_index, len } => {
                    let start = byte(&a, old, old_index);
                    Some((start, byte(&b, new, new_index), byte(&a, old, old_index + len) - start))
                }
                _ => None,
            })
            .collect();
        Self { equal }
    }

    /// Where a range of the old text is in the new one, when it and `CONTEXT` characters on
    /// each side (or up to the text's ends) lie in one unchanged stretch.
    fn carry(&self, old: &str, range: &Range<usize>) -> Option<Range<usize>> {
        // The context stops at a line break: a mark at the start of a paragraph moves with it
        // whatever was written before it.
        let before = old[..range.start]
            .char_indices()
            .rev()
            .take(CONTEXT)
            .take_while(|&(_, c)| c != '\n')
            .last()
            .map_or(range.start, |(i, _)| i);
        let after = old[range.end..]
            .char_indices()
            .take(CONTEXT)
            .take_while(|&(_, c)| c != '\n')
            .last()
            .map_or(range.end, |(i, c)| range.end + i + c.len_utf8());
        let &(o, n, _) = self.equal.iter().find(|&&(o, _, len)| o <= before && after <= o + len)?;
        Some(n + (range.start - o)..n + (range.end - o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::review::place::Placed;

    #[test]
    fn a_mark_moves_with_its_words_and_is_dropped_where_they_changed() {
        let dir = tempfile::tempdir().unwrap();
        let (past, now) = (dir.path().join("lama"), dir.path().join("kini"));
        std::fs::create_dir_all(past.join("thesis")).unwrap();
        std::fs::create_dir_all(now.join("thesis")).unwrap();
        let old = "Kabupaten Bogor adalah kabupaten. Kerja sama dengan Nanning dimulai 2010.\n";
        let today =
            "Pendahuluan baru.\n\nKabupaten Bogor adalah kabupaten. Kerja sama dengan kota Nanning dimulai 2010.\n";
        std::fs::write(now.join("thesis/bab1.md"), today).unwrap();
        let file = past.join("thesis/bab1.md");
        let mut plan = Plan::default();
        let bogor = old.find("Bogor").unwrap();
        let nanning = old.find("Nanning").unwrap();
        plan.files.insert(file.clone(), (old.to_string(), String::new()));
        plan.writes.insert(
            file,
            vec![
                Write {
                    range: bogor..bogor + 5,
                    text: "{==Bogor==}{>>A: cek<<}".into(),
                    placed: Placed::Comment,
                    what: "comment \"A: cek\"".into(),
                },
                Write {
                    range: nanning..nanning + 7,
                    text: "{--Nanning--}".into(),
                    placed: Placed::Delete,
                    what: "A deleted \"Nanning\"".into(),
                },
            ],
        );
        let carried = carry(&plan, &past, &now);
        let (before, after) = &carried.files[&now.join("thesis/bab1.md")];
        assert_eq!(before, today);
        assert_eq!(
            after,
            "Pendahuluan baru.\n\nKabupaten {==Bogor==}{>>A: cek<<} adalah kabupaten. Kerja sama dengan kota Nanning dimulai 2010.\n"
        );
        assert_eq!(
            carried.unplaced,
            ["A deleted \"Nanning\": not written, thesis/bab1.md changed there since the PDF was built"
                .replace('/', std::path::MAIN_SEPARATOR_STR)]
        );
    }
}
