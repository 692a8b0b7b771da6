//! Maps from a rewritten text back to the text it was written from, so that a Typst error in a
//! chapter the revision layer touched still points at the student's `.md` byte.

use std::ops::Range;

/// One stretch: output bytes `out..out + len` are source bytes `src..src + len`; a generated
/// stretch (`len == 0`) maps every byte up to the next stretch to `src`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stretch {
    /// Offset in the output.
    out: usize,
    /// Offset in the source.
    src: usize,
    /// Bytes copied one to one.
    len: usize,
}

/// Sorted stretches from an output text back to its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// Stretches sorted by output offset.
    stretches: Vec<Stretch>,
}

impl OffsetMap {
    /// Appends `src[range]` to `out`, copied byte for byte.
    pub fn copy(&mut self, out: &mut String, src: &str, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        let at = out.len();
        out.push_str(&src[range.clone()]);
        if let Some(last) = self.stretches.last_mut()
            && last.len > 0
            && last.out + last.len == at
            && last.src + last.len == range.start
        {
            last.len += range.len();
            return;
        }
        self.stretches.push(Stretch { out: at, src: range.start, len: range.len() });
    }

    /// Appends generated `text` to `out`, standing for source byte `src`.
    pub fn generated(&mut self, out: &mut String, text: &str, src: usize) {
        if text.is_empty() {
            return;
        }
        self.stretches.push(Stretch { out: out.len(), src, len: 0 });
        out.push_str(text);
    }

    /// The source offset of output byte `offset`.
    pub fn source(&self, offset: usize) -> usize {
        let idx = self.stretches.partition_point(|s| s.out <= offset);
        match idx.checked_sub(1).map(|i| self.stretches[i]) {
            Some(s) if s.len > 0 => s.src + (offset - s.out).min(s.len),
            Some(s) => s.src,
            None => offset,
        }
    }

    /// This map followed by `earlier` (which maps this map's source to an older text).
    pub fn then(&self, earlier: &OffsetMap) -> OffsetMap {
        // Resolving stretch starts is enough for messages, which need a line and a column.
        let mut stretches = Vec::new();
        for s in &self.stretches {
            if s.len == 0 {
                stretches.push(Stretch { out: s.out, src: earlier.source(s.src), len: 0 });
                continue;
            }
            let mut at = 0;
            while at < s.len {
                let src = earlier.source(s.src + at);
                let run = earlier.run_len(s.src + at).min(s.len - at).max(1);
                stretches.push(Stretch { out: s.out + at, src, len: run });
                at += run;
            }
        }
        OffsetMap { stretches }
    }

    /// How many bytes from source offset `offset` map one to one.
    fn run_len(&self, offset: usize) -> usize {
        let idx = self.stretches.partition_point(|s| s.out <= offset);
        let next = self.stretches.get(idx).map_or(usize::MAX, |s| s.out);
        match idx.checked_sub(1).map(|i| self.stretches[i]) {
            Some(s) if s.len > 0 && offset < s.out + s.len => (s.out + s.len - offset).min(next - offset),
            Some(_) => 1,
            None => next.saturating_sub(offset).max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_and_generated_stretches() {
        let src = "abcdef";
        let mut out = String::new();
        let mut map = OffsetMap::default();
        map.copy(&mut out, src, 0..2);
        map.generated(&mut out, "XYZ", 2);
        map.copy(&mut out, src, 4..6);
        assert_eq!(out, "abXYZef");
        assert_eq!(map.source(1), 1);
        assert_eq!(map.source(3), 2);
        assert_eq!(map.source(5), 4);
        assert_eq!(map.source(6), 5);
    }

    #[test]
    fn composition() {
        let src = "0123456789";
        let mut mid = String::new();
        let mut first = OffsetMap::default();
        first.copy(&mut mid, src, 5..10);
        let mut out = String::new();
        let mut second = OffsetMap::default();
        second.generated(&mut out, "##", 0);
        second.copy(&mut out, &mid, 1..4);
        assert_eq!(out, "##678");
        let both = second.then(&first);
        assert_eq!(both.source(0), 5);
        assert_eq!(both.source(3), 7);
    }
}
