//! Review round trips: a supervisor's changes to an exported document brought back into the
//! chapters as CriticMarkup (Markdown) or the template's review calls (`.typ`).

pub mod align;
pub mod import;
pub mod model;
pub mod package;
pub mod pdf;
pub mod place;
pub mod run;
pub mod summary;
pub mod wordml;
