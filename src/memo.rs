//! The last value made from an input, kept while the input is the same: `tesis watch` compiles
//! after every save, and what a compile derives from files that rarely change (a bibliography
//! converted, a citation style localised or copied) would otherwise be made again each time.
//! One entry per key (an edited input replaces its entry), so memory does not grow with edits.

use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};

/// Values by key, each with the hash of the input it was made from.
pub struct Memo<V> {
    last: LazyLock<Mutex<HashMap<String, (u128, V)>>>,
}

impl<V: Clone> Memo<V> {
    /// An empty memo (for a `static`).
    pub const fn new() -> Self {
        Self { last: LazyLock::new(Default::default) }
    }

    /// The value for `key` made from an input hashing to `input`: the kept one when the input
    /// is the same, else `make()`, kept in its place.
    pub fn get(&self, key: &str, input: u128, make: impl FnOnce() -> V) -> V {
        if let Ok(last) = self.last.lock()
            && let Some((hash, value)) = last.get(key)
            && *hash == input
        {
            return value.clone();
        }
        let value = make();
        if let Ok(mut last) = self.last.lock() {
            last.insert(key.to_string(), (input, value.clone()));
        }
        value
    }
}

impl<V: Clone> Default for Memo<V> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::Memo;

    #[test]
    fn a_value_is_made_again_only_when_its_input_changes() {
        static MEMO: Memo<usize> = Memo::new();
        let mut made = 0;
        let mut get = |input: u128| {
            MEMO.get("a", input, || {
                made += 1;
                made
            })
        };
        assert_eq!(get(1), 1);
        assert_eq!(get(1), 1, "the same input: the kept value");
        assert_eq!(get(2), 2, "another input: made again");
        assert_eq!(get(1), 3, "only the last input is kept");
    }
}
