//! `tesis review FILE.pdf` (issue 17): the supervisor's annotations in a PDF tesis built,
//! placed in the chapters. [`annots`] reads the marks; [`layout`] rebuilds the layout the PDF
//! was made from (the record of its inputs, the recorded git commit, or today's build checked
//! page by page); [`marks`] lays each mark on the glyphs it covers and turns it into a change on
//! the student's bytes, which [`crate::review::place`] writes as for a Word document; [`carry`]
//! moves marks laid on an older commit onto today's text; [`run`] is the verb.

pub mod annots;
pub mod carry;
pub mod layout;
pub mod marks;
pub mod run;
