//! `tesis import`: turns a PDF-derived Markdown draft into clean chapter files (issue 5).
