//! The first page of a `tesis diff` PDF: the versions compared, the words added and deleted per
//! chapter, and the changed values of thesis.yaml.
//!
//! The page is a Typst file written into the temporary copy of the new version, every value a
//! string literal. The copy's template (the project's own, or the embedded one written out)
//! gets a wrapper of `thesis` that lays the page out before the thesis; the template's own page
//! counter starts again at its title page, so no number of the thesis moves.

use std::path::Path;

use super::{ChapterChange, Status, YamlChange};
use crate::diag::Diagnostic;
use crate::revise::blocks::Detail;
use crate::world::{TEMPLATE_DIR, embedded_template, template_ejected};

/// The summary file inside the copy.
const SUMMARY_FILE: &str = "_tesis-diff/ringkasan.typ";

/// The first line of the wrapper, to add it only once.
const WRAPPER_MARK: &str = "// tesis diff: the summary page before the thesis";

/// Writes the summary page and hooks it in front of the copy's thesis.
pub fn install(
    root: &Path,
    old: &str,
    new: &str,
    chapters: &[ChapterChange],
    yaml: &[YamlChange],
    detail: Detail,
) -> Result<(), Diagnostic> {
    let write = |rel: &str, data: &[u8]| -> Result<(), Diagnostic> {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| Diagnostic::error(format!("cannot create {} ({e})", dir.display())))?;
        }
        std::fs::write(&path, data).map_err(|e| Diagnostic::error(format!("cannot write {} ({e})", path.display())))
    };
    write(SUMMARY_FILE, page(old, new, chapters, yaml, detail).as_bytes())?;
    let lib = root.join(TEMPLATE_DIR).join("lib.typ");
    if !template_ejected(root) {
        for (name, data) in embedded_template() {
            write(&format!("{TEMPLATE_DIR}/{name}"), data)?;
        }
    }
    let text =
        std::fs::read_to_string(&lib).map_err(|e| Diagnostic::error(format!("cannot read {} ({e})", lib.display())))?;
    if !text.contains(WRAPPER_MARK) {
        let wrapped = format!(
            "{text}\n{WRAPPER_MARK}\n#let tesis-diff-thesis = thesis\n#let thesis(meta) = {{\n  import \"/{SUMMARY_FILE}\": ringkasan\n  ringkasan(meta)\n  tesis-diff-thesis(meta)\n}}\n"
        );
        write(&format!("{TEMPLATE_DIR}/lib.typ"), wrapped.as_bytes())?;
    }
    Ok(())
}

/// The Typst source of the summary page.
fn page(old: &str, new: &str, chapters: &[ChapterChange], yaml: &[YamlChange], detail: Detail) -> String {
    let mut rows = String::new();
    let mut total = (0, 0);
    for c in chapters {
        let status = match c.status {
            Status::Same => "tidak berubah",
            Status::Changed => "diubah",
            Status::Added => "baru",
            Status::Removed => "dihapus",
        };
        total.0 += c.counts.added;
        total.1 += c.counts.deleted;
        rows.push_str(&format!("  {}, {}, [{}], [{}],\n", lit(&c.file), lit(status), c.counts.added, c.counts.deleted));
    }
    let mut meta = String::new();
    for y in yaml {
        meta.push_str(&format!(
            "  {}, strike(stroke: 0.6pt + del, text(fill: del, {})), underline(stroke: 0.6pt + ins, text(fill: ins, {})),\n",
            lit(&y.key),
            lit(&y.old),
            lit(&y.new)
        ));
    }
    let note = match detail {
        Detail::Words => "Perubahan ditandai kata demi kata.",
        Detail::Blocks => "Penandaan kata demi kata gagal dikompilasi; perubahan ditandai per blok.",
        Detail::None => "Penandaan gagal dikompilasi; perubahan hanya dihitung di halaman ini.",
    };
    format!(
        r##"// The summary page of `tesis diff` (generated; every value is a string literal).
#let ringkasan(meta) = {{
  let ins = rgb("#1a5fb4")
  let del = rgb("#c01c28")
  set page(paper: "a4", margin: 2.5cm, numbering: none, header: none, footer: none)
  set text(font: meta.format.font, size: 11pt, lang: "id")
  set par(first-line-indent: 0pt, justify: false)
  align(center, text(size: 14pt, weight: "bold")[RINGKASAN PERUBAHAN])
  v(1em)
  [Versi lama: ] + {old} + linebreak() + [Versi baru: ] + {new}
  parbreak()
  [Kata yang #underline(stroke: 0.6pt + ins, text(fill: ins)[ditambahkan]) bergaris bawah biru; kata yang #strike(stroke: 0.6pt + del, text(fill: del)[dihapus]) dicoret merah. ] + {note}
  v(1em)
  table(
    columns: (1fr, auto, auto, auto),
    align: (left, left, right, right),
    table.header([*Berkas*], [*Status*], [*Ditambah*], [*Dihapus*]),
{rows}    [*Jumlah*], [], [*{added}*], [*{deleted}*],
  )
  // The pages of the thesis that hold a change, each a link to it.
  context {{
    let places = query(<tesis-change>).map(m => m.location()).dedup(key: l => l.page())
    if places.len() > 0 {{
      v(0.5em)
      [Halaman dengan perubahan: ]
      // Each page as the thesis numbers it (a changed heading also changes the contents, "v").
      let number(l) = {{
        let style = l.page-numbering()
        numbering(if style == none {{ "1" }} else {{ style }}, ..counter(page).at(l))
      }}
      places.map(l => link(l, number(l))).join(", ")
    }}
  }}
  if {has_meta} {{
    v(1em)
    [*Perubahan thesis.yaml*]
    table(
      columns: (auto, 1fr, 1fr),
      table.header([*Kunci*], [*Lama*], [*Baru*]),
{meta}    )
  }}
}}
"##,
        old = lit(old),
        new = lit(new),
        note = lit(note),
        added = total.0,
        deleted = total.1,
        has_meta = !yaml.is_empty(),
    )
}

/// `s` as a Typst string literal.
fn lit(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
