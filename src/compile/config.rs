//! What a verb asks of a compile: the kind of build and the fonts. Verbs build a [`Config`] only
//! through [`crate::args::CompileArgs::config`], so every compile option is decided in one place.

use serde::ser::{Serialize, SerializeStruct, Serializer};

use crate::world::FontOptions;

/// The kind of build.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The working copy: draft markers (`TODO:`, `#draft[..]`) and CriticMarkup are shown.
    Draft,
    /// The supervisor's copy: a draft with line numbers and a watermark (`build --review`).
    Review,
    /// The submission (`--final`): markers and CriticMarkup left out, the student's text printed.
    Final,
}

impl Mode {
    /// Whether CriticMarkup marks are drawn (every build but the final one).
    pub fn shows_marks(self) -> bool {
        self != Mode::Final
    }

    /// The mode's name, as a PDF records it.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Draft => "draft",
            Mode::Review => "review",
            Mode::Final => "final",
        }
    }

    /// The mode a recorded name stands for.
    pub fn from_name(name: &str) -> Option<Self> {
        [Mode::Draft, Mode::Review, Mode::Final].into_iter().find(|m| m.name() == name)
    }
}

/// The template reads the mode as three flags (`cfg.mode.draft`, `.review`, `.final`).
impl Serialize for Mode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut flags = serializer.serialize_struct("Mode", 3)?;
        flags.serialize_field("draft", &(*self != Mode::Final))?;
        flags.serialize_field("review", &(*self == Mode::Review))?;
        flags.serialize_field("final", &(*self == Mode::Final))?;
        flags.end()
    }
}

/// The options of every compile of a [`super::Session`].
#[derive(Debug, Clone, Copy)]
pub struct Config {
    /// Draft, review or final.
    pub mode: Mode,
    /// Which fonts the world sees.
    pub fonts: FontOptions,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_reads_three_flags() {
        let flags = |m: Mode| serde_json::to_value(m).unwrap();
        assert_eq!(flags(Mode::Draft), serde_json::json!({"draft": true, "review": false, "final": false}));
        assert_eq!(flags(Mode::Review), serde_json::json!({"draft": true, "review": true, "final": false}));
        assert_eq!(flags(Mode::Final), serde_json::json!({"draft": false, "review": false, "final": true}));
    }
}
