//! `tesis review FILE.pdf` (issue 17): the supervisor's annotations in a PDF tesis built.
//!
//! Done so far: reading the annotations ([`annots`]) and the record of what the PDF was built
//! from ([`crate::output::pdf::read_record`]). Mapping the marks to glyphs and source bytes and
//! writing them through [`super::place`] is not built yet.

pub mod annots;
