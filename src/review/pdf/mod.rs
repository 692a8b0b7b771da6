//! `tesis review FILE.pdf` (issue 17): the supervisor's annotations in a PDF tesis built.
//!
//! Done so far: the record of what the PDF was built from ([`crate::output::pdf::read_record`]),
//! reading the annotations ([`annots`]), and the verb's listing of them ([`list`]), which checks
//! that the PDF is this thesis's and then stops with exit 1, writing nothing. Not built yet:
//! mapping each mark's QuadPoints to glyphs of the rebuilt layout and their source bytes, and
//! writing them through [`super::place`].

pub mod annots;
pub mod list;
