//! Unit tests per construct: the emitted markup, that it parses as Typst, and the diagnostics.

use std::path::{Path, PathBuf};

use super::*;

/// A project folder with `thesis/` and `figures/` holding a PNG, an SVG and CSV files.
pub(super) struct Project {
    /// Keeps the folder alive.
    _dir: tempfile::TempDir,
    /// The canonical root.
    pub root: PathBuf,
    /// The chapter path (`thesis/bab2.md`).
    pub md_path: PathBuf,
}

impl Project {
    /// Creates the project.
    pub fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::create_dir_all(root.join("thesis")).unwrap();
        std::fs::create_dir_all(root.join("figures")).unwrap();
        std::fs::write(root.join("figures/peta.png"), b"\x89PNG").unwrap();
        std::fs::write(root.join("figures/alur.svg"), b"<svg/>").unwrap();
        std::fs::write(root.join("figures/data.csv"), "Tahun,Nilai\n2008,1\n2015,\"2,5\"\n").unwrap();
        std::fs::write(root.join("figures/rusak.csv"), "a,b\n1,2\n3\n").unwrap();
        std::fs::write(root.join("figures/anim.gif"), b"GIF").unwrap();
        let md_path = root.join("thesis/bab2.md");
        Self { _dir: dir, root, md_path }
    }

    /// Converts `md` as `thesis/bab2.md`.
    pub fn convert(&self, md: &str) -> Result<Converted, Vec<MdDiagnostic>> {
        convert(md, &Context { root: &self.root, md_path: &self.md_path })
    }
}

/// Converts in a fresh project and asserts the output parses as Typst.
fn ok(md: &str) -> Converted {
    let project = Project::new();
    let conv = project.convert(md).unwrap_or_else(|e| panic!("conversion failed: {e:#?}"));
    assert_parses(&conv.typst);
    conv
}

/// The body of a converted chapter (without the import line).
fn body(md: &str) -> String {
    let conv = ok(md);
    conv.typst.strip_prefix(PRELUDE).unwrap().trim().to_string()
}

/// The errors of a conversion that must fail.
fn errors(md: &str) -> Vec<MdDiagnostic> {
    match Project::new().convert(md) {
        Ok(conv) => panic!("expected errors, got:\n{}", conv.typst),
        Err(errors) => errors,
    }
}

/// Asserts that `typst` parses without syntax errors.
pub(super) fn assert_parses(typst: &str) {
    let root = typst_syntax::parse(typst);
    let (errors, _warnings) = root.errors_and_warnings();
    assert!(errors.is_empty(), "syntax errors {errors:?} in:\n{typst}");
}

/// The 1-based line of `offset` in `md`.
fn line_of(md: &str, offset: usize) -> usize {
    line_col(md, offset).0
}

#[test]
fn starts_with_the_import() {
    assert!(ok("teks").typst.starts_with("#import \"/template/lib.typ\": *\n"));
}

#[test]
fn injection_is_text() {
    let md = "#read(\"/etc/passwd\") $x$ @ <x> // */ -1 = + _ * ` ~ \\ #import \"x\": *\n\n- 1. = x";
    let out = body(md);
    assert_eq!(out.matches("#read").count(), out.matches("\\#read").count(), "{out}");
    assert_eq!(out.matches("#import").count(), out.matches("\\#import").count(), "{out}");
    // The quotes are running text, so smart punctuation curls them (as pandoc would); the rest
    // is escaped character by character.
    assert!(out.contains("\\#read\\(“\\/etc\\/passwd”\\)"), "{out}");
    assert!(out.contains("#rumus(\"x\")"), "{out}");
}

#[test]
fn headings_drop_typed_numbers() {
    let conv = ok(
        "# BAB II KAJIAN {#bab-kajian}\n\n## A. LATAR BELAKANG\n\n### 1. Konsep\n\n#### a. Dokumen\n\n## **C. Metode**\n",
    );
    let out = conv.typst;
    assert!(out.contains("= KAJIAN <bab-kajian>"), "{out}");
    assert!(out.contains("== LATAR BELAKANG"), "{out}");
    assert!(out.contains("=== Konsep"), "{out}");
    assert!(out.contains("==== Dokumen"), "{out}");
    assert!(out.contains("== Metode"), "{out}");
    assert_eq!(conv.warnings.len(), 1, "{:?}", conv.warnings);
    let w = &conv.warnings[0];
    assert!(w.message.contains("`C.`") && w.message.contains("`B`"), "{}", w.message);
    assert_eq!(w.severity, Severity::Warning);
}

#[test]
fn heading_counters_restart_per_level() {
    let conv = ok("# Bab\n\n## A. x\n\n### 1. y\n\n### 2. z\n\n## B. w\n\n### 1. v\n\n#### a. t\n\n##### 1) u\n");
    assert!(conv.warnings.is_empty(), "{:?}", conv.warnings);
}

#[test]
fn emphasis_strong_strike_code() {
    assert_eq!(body("a *b* **c** ~~d~~ `e\"f`"), "a #emph[b] #strong[c] #strike[d] #raw(\"e\\\"f\")");
}

#[test]
fn links_print_urls() {
    assert_eq!(body("<https://x.id/a_b>"), "#link(\"https://x.id/a_b\")[https\\:\\/\\/x\\.id\\/a\\_b]");
    assert_eq!(body("[situs](https://x.id)"), "#link(\"https://x.id\")[situs]");
}

#[test]
fn lists_are_calls() {
    assert_eq!(body("- a\n- b\n  1. c\n  2. d"), "#list([a], [b\n\n#enum([c], [d])])");
    assert_eq!(body("3. a\n\n4. b"), "#enum(start: 3, tight: false, [a], [b])");
}

#[test]
fn hard_breaks_and_sup_sub() {
    assert_eq!(body("a  \nb\\\nc"), "a#linebreak()b#linebreak()c");
    assert_eq!(body("H<sub>2</sub>O x<sup>2</sup>"), "H#sub[2]O x#super[2]");
}

#[test]
fn other_html_is_text_with_a_warning() {
    let conv = ok("a <span>b</span> c\n\n<div>\nblok\n</div>\n\n<!-- catatan -->\n\nd");
    assert!(conv.typst.contains("\\<span\\>b\\<\\/span\\>"), "{}", conv.typst);
    assert!(conv.typst.contains("\\<div\\>"), "{}", conv.typst);
    assert!(!conv.typst.contains("catatan"));
    assert_eq!(conv.warnings.len(), 3, "{:?}", conv.warnings);
}

#[test]
fn block_quotes_and_drafts() {
    assert_eq!(body("> kutipan *panjang*"), "#kutipan[kutipan #emph[panjang]]");
    assert_eq!(body("TODO: tulis bagian ini"), "#draft[tulis bagian ini]");
}

#[test]
fn footnotes_anywhere() {
    let out = body("[^a]: di atas\n\nteks[^a] dan[^b].\n\n[^b]: satu\n\n    dua");
    assert_eq!(out, "teks#footnote[di atas] dan#footnote[satu\n\ndua]\\.");
}

#[test]
fn undefined_footnote_is_an_error_at_its_line() {
    let md = "baris satu\n\nbaris dua[^x]\n";
    let errs = errors(md);
    assert_eq!(errs.len(), 1);
    assert_eq!(line_of(md, errs[0].range.start), 3);
    assert!(errs[0].message.contains("[^x]"));
}

#[test]
fn citations() {
    assert_eq!(body("a [@smith2001]."), "a #sitasi(cite(label(\"smith2001\")))\\.");
    assert_eq!(body("[@k, hlm. 12]"), "#sitasi(cite(label(\"k\"), supplement: [hlm\\. 12]))");
    assert_eq!(body("[@a; @b]"), "#sitasi(cite(label(\"a\")), cite(label(\"b\")))");
    assert_eq!(
        body("[lihat @a; @b, hlm. 3]"),
        "#footnote[lihat #cite(label(\"a\"))\\; #cite(label(\"b\"), supplement: [hlm\\. 3])]"
    );
    assert_eq!(body("menurut @jatmika2001, x"), "menurut #sitasi(cite(label(\"jatmika2001\")))\\, x");
    assert_eq!(body("[-@a]"), "#cite(label(\"a\"), form: \"year\")");
    // Inside a note, citations stay `#cite` calls (the note's own); in a heading too they are
    // a `sitasi`, which the lists leave out as they leave out `cite`.
    assert_eq!(
        body("Teks.[^1]\n\n[^1]: Lihat [@a; @b]."),
        "Teks\\.#footnote[Lihat #cite(label(\"a\"))#cite(label(\"b\"))\\.]"
    );
    assert!(body("## Judul [@a]").contains("#sitasi(cite(label(\"a\")))"));
    // Citations beside cross-references: each run of citations is one `sitasi`.
    assert_eq!(
        body("[@gbr-p; @a; @b; @tbl-q; -@c]"),
        "#ref(label(\"gbr-p\"))\\; #sitasi(cite(label(\"a\")), cite(label(\"b\")))\\; #ref(label(\"tbl-q\"))\\; \
         #cite(label(\"c\"), form: \"year\")"
    );
    assert_eq!(body("surel a@b.id atau @ saja"), "surel a\\@b\\.id atau \\@ saja");
}

#[test]
fn cross_references() {
    assert_eq!(
        body("lihat @gbr-peta, @tbl-data dan [@bab-kajian]."),
        "lihat #ref(label(\"gbr-peta\"))\\, #ref(label(\"tbl-data\")) dan #ref(label(\"bab-kajian\"))\\."
    );
}

#[test]
fn image_figure_with_source() {
    let out = body("![Peta *Bogor*](../figures/peta.png){#gbr-peta width=80%}\n\nSumber: BPS, 2015");
    assert_eq!(
        out,
        "#gambar(\"/figures/peta.png\", caption: [Peta #emph[Bogor]], lebar: 80%, sumber: [BPS\\, 2015]) <gbr-peta>"
    );
    assert_eq!(body("![Alur](figures/alur.svg)"), "#gambar(\"/figures/alur.svg\", caption: [Alur])");
}

#[test]
fn csv_table() {
    assert_eq!(
        body("![Data](../figures/data.csv){#tbl-data}"),
        "#tabel-csv(\"/figures/data.csv\", caption: [Data]) <tbl-data>"
    );
}

#[test]
fn figure_errors_name_the_md_line() {
    let md = "x\n\n![A](../figures/nope.png)\n\n![B](../figures/rusak.csv)\n\n![C](../figures/anim.gif)\n\n![D](../../etc/passwd.png)\n";
    let errs = errors(md);
    assert_eq!(errs.len(), 4, "{errs:?}");
    assert_eq!(line_of(md, errs[0].range.start), 3);
    assert!(errs[0].message.contains("file not found"), "{}", errs[0].message);
    assert_eq!(line_of(md, errs[1].range.start), 5);
    assert!(errs[1].message.contains("line 3"), "{}", errs[1].message);
    assert_eq!(line_of(md, errs[2].range.start), 7);
    assert_eq!(line_of(md, errs[3].range.start), 9);
    assert!(errs[3].message.contains("outside"), "{}", errs[3].message);
}

#[test]
fn pipe_tables_with_captions() {
    let expected = "#tabel(columns: 2, header: 1, align: (left, right,), caption: [Data #emph[kota]], [Kota], [Tahun], [Bogor], [2008], sumber: [Arsip]) <tbl-kota>";
    assert_eq!(
        body("Table: Data *kota* {#tbl-kota}\n\n| Kota | Tahun |\n|:--|--:|\n| Bogor | 2008 |\n\nSumber: Arsip"),
        expected
    );
    let after = body("| a | b |\n|---|---|\n| 1 |\n\nTabel: Sesudah {#tbl-x}");
    assert_eq!(after, "#tabel(columns: 2, header: 1, [a], [b], [1], [], caption: [Sesudah]) <tbl-x>");
}

#[test]
fn code_blocks_are_raw() {
    assert_eq!(body("```rust\nfn main() {}\n```"), "#raw(block: true, lang: \"rust\", \"fn main() {}\")");
}

#[test]
fn math_is_converted_and_dollars_stay_text() {
    assert_eq!(body("$a*b*c$"), "#rumus(\"a \\\\*b \\\\*c\")");
    assert_eq!(body("harga $5 atau $10"), "harga \\$5 atau \\$10");
    assert_eq!(body("$x$1"), "\\$x\\$1");
    assert_eq!(body("\\$x$"), "\\$x\\$");
    let numbered = body("$$\na^2\n$$ {#eq-a}\n\nLihat @eq-a dan [@fig:p; @tbl:q].");
    assert!(numbered.starts_with("#rumus(\"a ^(2 )\", blok: true, bernomor: true) <eq-a>"), "{numbered}");
    assert!(numbered.contains("#ref(label(\"eq-a\"))"), "{numbered}");
    assert!(numbered.contains("#ref(label(\"fig:p\"))") && numbered.contains("#ref(label(\"tbl:q\"))"), "{numbered}");
}

#[test]
fn broken_formula_is_an_error_at_its_column() {
    let found = errors("Teks.\n\nRumus $\\left( \\frac{a}{b}$ rusak.");
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("this formula cannot be read: `\\left` without a `\\right`"), "{found:?}");
    // `\left` is byte 14: line 3, column 8.
    assert_eq!(found[0].range.start, 14);
    let unknown = errors("$\\foo{x}$");
    assert!(unknown[0].message.contains("unknown command"), "{unknown:?}");
}

#[test]
fn headings_in_quotes_and_lists_are_bold_lines() {
    let conv = ok("> ## Di kutipan\n\n- # Di daftar\n");
    assert!(conv.typst.contains("#kutipan[#strong[Di kutipan]]"), "{}", conv.typst);
    assert!(conv.typst.contains("#list([#strong[Di daftar]])"), "{}", conv.typst);
    assert_eq!(conv.warnings.len(), 2, "{:?}", conv.warnings);
    assert!(conv.warnings[0].message.contains("printed as a bold line"));
    assert_eq!(conv.warnings[0].range.start, 2);
}

#[test]
fn unnumbered_headings_and_colon_captions() {
    let out = body("## Ringkasan {.unnumbered}\n\n### Catatan {-}\n\n| a |\n|---|\n| 1 |\n\n: Profil {#tbl:profil}");
    assert!(out.starts_with("#heading(level: 2, numbering: none)[Ringkasan]"), "{out}");
    assert!(out.contains("#heading(level: 3, numbering: none)[Catatan]"), "{out}");
    assert!(out.contains("caption: [Profil]) <tbl:profil>"), "{out}");
}

#[test]
fn source_map_points_at_the_citation() {
    let md = "# Bab\n\nTeks pertama.\n\nKalimat dengan [@tidakada, hlm. 2] di sini.\n";
    let conv = ok(md);
    let at = conv.typst.find("cite(label").unwrap();
    let md_off = conv.map.md_offset(at);
    assert_eq!(line_col(md, md_off), (5, 17));
    let key = conv.typst.find("\"tidakada\"").unwrap();
    assert_eq!(line_col(md, conv.map.md_offset(key + 3)), (5, 18));
}

#[test]
fn source_map_follows_escaped_text() {
    let md = "a\n\n## B. Judul\n\nx *y* #z@w\n";
    let conv = ok(md);
    let z = conv.typst.find("\\#z").unwrap();
    assert_eq!(conv.map.md_offset(z + 1), md.find("#z").unwrap());
    assert_eq!(conv.map.md_offset(z + 2), md.find("z@").unwrap());
    let judul = conv.typst.find("Judul").unwrap();
    assert_eq!(conv.map.md_offset(judul + 2), md.find("Judul").unwrap() + 2);
}

#[test]
fn source_map_maps_a_typst_error_span() {
    // A real Typst syntax error cannot occur in our output, so take an evaluation-time span:
    // the `ref` call Typst would report for an unknown label.
    let md = "Teks.\n\nLihat @gbr-tidakada untuk itu.\n";
    let conv = ok(md);
    let root = typst_syntax::parse(&conv.typst);
    let call = find_kind(&root, typst_syntax::SyntaxKind::FuncCall, "ref").expect("ref call");
    assert_eq!(line_col(md, conv.map.md_offset(call)), (3, 7));
}

/// The byte offset of the first node of `kind` whose text starts with `prefix`.
fn find_kind(node: &typst_syntax::SyntaxNode, kind: typst_syntax::SyntaxKind, prefix: &str) -> Option<usize> {
    let mut stack = vec![(node.clone(), 0usize)];
    while let Some((n, off)) = stack.pop() {
        if n.kind() == kind && n.full_text().starts_with(prefix) {
            return Some(off);
        }
        let mut child_off = off;
        let mut children = Vec::new();
        for child in n.children() {
            children.push((child.clone(), child_off));
            child_off += child.len();
        }
        stack.extend(children.into_iter().rev());
    }
    None
}

#[test]
fn unused_footnote_and_rule_warn() {
    let conv = ok("a\n\n---\n\n[^z]: tak dipakai\n");
    assert_eq!(conv.warnings.len(), 2, "{:?}", conv.warnings);
}

#[test]
fn seed_chapter_converts() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("thesis/draft/proposal-tesis-bab1.md");
    let md = std::fs::read_to_string(&seed).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
    let conv = ok(&md);
    assert!(conv.typst.contains("== LATAR BELAKANG"));
}

#[test]
fn email_addresses_are_not_citations() {
    assert_eq!(body("<nama@contoh.id>"), "#link(\"mailto:nama@contoh.id\")[nama\\@contoh\\.id]");
    assert_eq!(body("tulis ke nama_saya@contoh.id"), "tulis ke nama\\_saya\\@contoh\\.id");
}

#[test]
fn footnote_with_paragraphs_inside_a_heading_parses() {
    let out = body("## Judul[^n]\n\n[^n]: satu\n\n    dua\n");
    assert_eq!(out, "== Judul#catatan-judul[satu\n\ndua]");
}

#[test]
fn nested_blocks_in_footnotes_quotes_and_lists() {
    let out = body("> a\n>\n> > b\n>\n> - c\n\nx[^f]\n\n[^f]: catatan\n\n    - satu\n    - dua\n");
    assert_eq!(out, "#kutipan[a\n\n#kutipan[b]\n\n#list([c])]\n\nx#footnote[catatan\n\n#list([satu], [dua])]");
}

#[test]
fn internal_links_point_at_labels() {
    assert_eq!(body("[bab dua](#bab-dua)"), "#link(label(\"bab-dua\"))[bab dua]");
}

#[test]
fn syntax_example_converts() {
    // The example of the README's section "Menulis bab dalam Markdown" must keep converting.
    let readme = include_str!("../../README.md");
    let doc = &readme[readme.find("## Menulis bab dalam Markdown").unwrap()..];
    let start = doc.find("```markdown\n").unwrap() + "```markdown\n".len();
    let end = start + doc[start..].find("\n```").unwrap();
    let project = Project::new();
    std::fs::write(project.root.join("figures/kunjungan.csv"), "Tahun,Jumlah\n2015,3\n").unwrap();
    let conv = project.convert(&doc[start..end]).unwrap_or_else(|e| panic!("{e:#?}"));
    assert_parses(&conv.typst);
    assert!(conv.warnings.is_empty(), "{:?}", conv.warnings);
    for call in ["#gambar(", "#tabel(", "#tabel-csv(", "#kutipan[", "#draft[", "#footnote[", "#sitasi(cite("] {
        assert!(conv.typst.contains(call), "{call} missing in:\n{}", conv.typst);
    }
}

#[test]
fn source_line_in_the_image_paragraph() {
    assert_eq!(
        body("![Peta](../figures/peta.png){#gbr-p}\nSumber: BPS\n\nTeks."),
        "#gambar(\"/figures/peta.png\", caption: [Peta], sumber: [BPS]) <gbr-p>\n\nTeks\\."
    );
    assert_eq!(
        body("![Peta](../figures/peta.png)\nSumber: *BPS*"),
        "#gambar(\"/figures/peta.png\", caption: [Peta], sumber: [#emph[BPS]])"
    );
    let conv = ok("![Peta](../figures/peta.png) dan teks");
    assert_eq!(conv.warnings.len(), 1);
}

#[test]
fn heading_labels_of_the_chapter_are_references() {
    let out = body("## Metode {#metode}\n\nLihat @metode dan @metode2.");
    assert_eq!(out, "== Metode <metode>\n\nLihat #ref(label(\"metode\")) dan #sitasi(cite(label(\"metode2\")))\\.");
}

#[test]
fn csv_delimiters() {
    let project = Project::new();
    std::fs::write(project.root.join("figures/titik-koma.csv"), "Tahun;Nilai\n2008;1,5\n").unwrap();
    let conv = project.convert("![Data](../figures/titik-koma.csv){#tbl-tk}").unwrap();
    assert_parses(&conv.typst);
    assert!(conv.typst.contains("#tabel-csv(\"/figures/titik-koma.csv\", caption: [Data], delimiter: \";\") <tbl-tk>"));
    let errs = project.convert("![Data](../figures/titik-koma.csv){delimiter=,}").unwrap_err();
    assert!(errs[0].message.contains("line 2 has 2 fields"), "{}", errs[0].message);
}

#[test]
fn table_caption_on_the_line_below() {
    assert_eq!(
        body("| a | b |\n|---|---|\n| 1 | 2 |\nTable: Judul {#tbl-j}\n\nSumber: X"),
        "#tabel(columns: 2, header: 1, [a], [b], [1], [2], caption: [Judul], sumber: [X]) <tbl-j>"
    );
}

#[test]
fn skipped_heading_level_warns() {
    let conv = ok("# Bab\n\n## A. x\n\n#### a. y\n");
    assert_eq!(conv.warnings.len(), 1, "{:?}", conv.warnings);
    assert!(conv.warnings[0].message.contains("level 4 follows level 2"));
}

#[test]
fn a_footnote_used_twice_warns_once() {
    let conv = ok("a[^n] b[^n]\n\n[^n]: <span>x</span>\n");
    assert_eq!(conv.typst.matches("#footnote[").count(), 2);
    assert_eq!(conv.warnings.len(), 2, "{:?}", conv.warnings);
}
