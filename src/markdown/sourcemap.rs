//! The map from byte offsets in generated Typst back to byte offsets in the `.md` text.
//!
//! Anchors are recorded while the output is written, so they arrive sorted by Typst offset. An
//! anchor covers a stretch of output: for copied text the stretch maps byte for byte (`len > 0`),
//! for generated code every byte maps to the one `.md` offset the code stands for (`len == 0`).

/// One anchor: output bytes `typst..typst + len` correspond to `.md` bytes `md..md + len`; past
/// `len` (up to the next anchor) they correspond to `md + len`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Anchor {
    /// Offset in the generated Typst.
    pub typst: usize,
    /// Offset in the `.md` text.
    pub md: usize,
    /// How many bytes map one to one.
    pub len: usize,
}

/// Sorted anchors from generated Typst offsets to `.md` offsets.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceMap {
    /// Anchors sorted by `typst` (ties keep the later anchor's meaning).
    anchors: Vec<Anchor>,
}

impl SourceMap {
    /// Records that output from `typst` on stands for `.md` byte `md`, byte for byte over `len`
    /// bytes. Extends the previous anchor when it continues it exactly.
    pub(crate) fn push(&mut self, typst: usize, md: usize, len: usize) {
        if let Some(last) = self.anchors.last_mut() {
            if last.len > 0 && last.typst + last.len == typst && last.md + last.len == md && len > 0 {
                last.len += len;
                return;
            }
            if last.typst == typst {
                *last = Anchor { typst, md, len };
                return;
            }
        }
        self.anchors.push(Anchor { typst, md, len });
    }

    /// The `.md` byte offset for byte `typst_offset` of the generated Typst: the nearest anchor at
    /// or before it, plus the distance into a copied stretch.
    pub fn md_offset(&self, typst_offset: usize) -> usize {
        let idx = self.anchors.partition_point(|a| a.typst <= typst_offset);
        match idx.checked_sub(1).map(|i| self.anchors[i]) {
            Some(a) => a.md + (typst_offset - a.typst).min(a.len),
            None => 0,
        }
    }

    /// Drops the anchors at or after Typst offset `len`.
    pub(crate) fn truncate(&mut self, len: usize) {
        self.anchors.retain(|a| a.typst < len);
    }

    /// How many anchors the map holds (for tests and sizing).
    pub fn len(&self) -> usize {
        self.anchors.len()
    }

    /// Whether the map holds no anchor.
    pub fn is_empty(&self) -> bool {
        self.anchors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copied_stretch_maps_byte_for_byte() {
        let mut map = SourceMap::default();
        map.push(0, 0, 0);
        map.push(10, 100, 5);
        map.push(15, 105, 3);
        map.push(20, 7, 0);
        assert_eq!(map.len(), 3);
        assert_eq!(map.md_offset(5), 0);
        assert_eq!(map.md_offset(12), 102);
        assert_eq!(map.md_offset(17), 107);
        assert_eq!(map.md_offset(19), 108);
        assert_eq!(map.md_offset(25), 7);
    }
}
