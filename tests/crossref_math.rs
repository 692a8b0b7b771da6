//! Issue 20: labels written the pandoc-crossref way (`{#fig:x}`, `@tbl:x`) and the Quarto way
//! (`{#fig-x}`, `@sec-x`) print the same references as tesis's own `gbr-`/`tbl-`/`bab-`; LaTeX
//! formulas are printed (text and picture), numbered per chapter and referable; a broken formula
//! and the near misses are reported where they are written.

mod common;

use common::TestProject;

/// Chapter 1 with figure, table, chapter and sub-heading labels in one style, referred to in
/// chapter 2 (`F`, `T`, `S` stand for the figure, table and section prefixes).
fn labelled(fig: &str, tbl: &str, sec: &str) -> TestProject {
    let p = TestProject::fixture("minimal");
    p.write(
        "figures/kotak.svg",
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100"><rect width="200" height="100" fill="gray"/></svg>"#,
    );
    p.write(
        "thesis/bab1.md",
        format!(
            "# Pendahuluan {{#{sec}awal}}\n\n## A. Latar Belakang {{#{sec}latar}}\n\nTeks pembuka.\n\n\
             ![Peta kerja sama](../figures/kotak.svg){{#{fig}peta width=40%}}\n\n\
             | Tahun | Kegiatan |\n|---|---|\n| 2010 | 12 |\n\n: Profil kegiatan {{#{tbl}profil}}\n\n\
             Seperti @{fig}peta dan @{tbl}profil, juga [@{fig}peta; @{tbl}profil].\n"
        ),
    );
    p.write(
        "thesis/bab2.typ",
        format!(
            "#import \"/template/lib.typ\": *\n\n= Tinjauan\n\nLihat @{fig}peta, @{tbl}profil, @{sec}awal dan @{sec}latar.\n"
        ),
    );
    p
}

/// The text of the body pages (from BAB I on).
fn body_text(p: &TestProject) -> String {
    let text = p.pdf_text();
    let start = text.find("Teks pembuka").expect("chapter 1 printed");
    text[start..].to_string()
}

#[test]
fn pandoc_and_quarto_labels_print_the_same_references() {
    let own = labelled("gbr-", "tbl-", "bab-");
    own.build_ok();
    let own_text = body_text(&own);
    // A sub-heading reads as its number and title, as Indonesian theses write it.
    for needle in
        ["Gambar 1.1", "Tabel 1.1", "Seperti Gambar 1.1 dan Tabel 1.1", "BAB I", "BAB I dan Subbab A. Latar Belakang."]
    {
        assert!(own_text.contains(needle), "{needle:?} missing:\n{own_text}");
    }
    for (fig, tbl, sec) in [("fig:", "tbl:", "sec:"), ("fig-", "tbl-", "sec-")] {
        let other = labelled(fig, tbl, sec);
        let run = other.build_ok();
        assert!(!run.stderr().contains("bibliography"), "{}", run.stderr());
        assert_eq!(body_text(&other), own_text, "{fig} labels print differently");
    }
}

/// The math chapter: inline, display, numbered and referred formulas, and literal dollars.
const MATH_MD: &str = "# Model\n\nHarga $5 atau $10 tetap teks; konsumsi $Y = C + I$.\n\n\
$$\n\\frac{a}{b} + x^{2}\n$$ {#eq-pokok}\n\n$$\\alpha_i \\le \\sqrt{\\beta}$$\n\n\
$$\nY_t = \\beta_0 + \\beta_1 K_t\n$$ {#eq:dua}\n\nLihat @eq-pokok dan @eq:dua.\n";

/// The same chapter written by hand in Typst.
const MATH_TYP: &str = "#import \"/template/lib.typ\": *\n#import \"/template/rules/math.typ\": equation-numbering\n\n\
= Model\n\nHarga \\$5 atau \\$10 tetap teks; konsumsi $Y = C + I$.\n\n\
#math.equation(block: true, numbering: equation-numbering, $ frac(a, b) + x^(2) $) <eq-pokok>\n\n\
$ alpha_(i) <= sqrt(beta) $\n\n\
#math.equation(block: true, numbering: equation-numbering, $ Y_(t) = beta_(0) + beta_(1) K_(t) $) <eq:dua>\n\n\
Lihat @eq-pokok dan @eq:dua.\n";

/// Renders page `page` of the project's PDF to PNG bytes.
fn render(p: &TestProject, page: usize) -> Vec<u8> {
    let out = p.path("page");
    let status = std::process::Command::new("pdftoppm")
        .args(["-r", "60", "-gray", "-f", &page.to_string(), "-l", &page.to_string(), "-png", "-singlefile"])
        .arg(p.path("thesis.pdf"))
        .arg(&out)
        .status()
        .expect("pdftoppm");
    assert!(status.success());
    std::fs::read(p.path("page.png")).unwrap()
}

/// The number of the page holding `needle`.
fn page_of(p: &TestProject, needle: &str) -> usize {
    let pages = common::pdf_pages(&p.path("thesis.pdf"));
    pages.iter().position(|t| t.contains(needle)).expect("needle printed") + 1
}

#[test]
fn formulas_print_like_hand_written_typst() {
    if !common::require("pdftoppm", "poppler-utils") {
        panic!("pdftoppm is needed");
    }
    let md = TestProject::fixture("minimal");
    md.write("thesis/bab1.md", MATH_MD);
    md.build_ok();
    let typ = TestProject::fixture("minimal");
    typ.write("thesis/bab1.typ", MATH_TYP);
    typ.edit("thesis/thesis.yaml", "  - bab1.md", "  - bab1.typ");
    typ.build_ok();

    let text = md.pdf_text();
    for needle in ["Harga $5 atau $10 tetap teks", "(1.1)", "(1.2)", "Lihat Persamaan (1.1) dan Persamaan (1.2)"] {
        assert!(text.contains(needle), "{needle:?} missing:\n{text}");
    }
    assert!(!text.contains("(1.3)"), "an unlabelled formula is not numbered:\n{text}");
    let page = page_of(&md, "Harga $5");
    assert_eq!(page, page_of(&typ, "Harga $5"));
    assert_eq!(
        common::pdf_pages(&md.path("thesis.pdf"))[page - 1],
        common::pdf_pages(&typ.path("thesis.pdf"))[page - 1]
    );
    assert!(render(&md, page) == render(&typ, page), "the formulas are drawn differently from hand-written Typst");
}

#[test]
fn broken_formula_names_its_md_line() {
    let p = TestProject::fixture("minimal");
    p.write("thesis/bab1.md", "# Model\n\nTeks.\n\nRumus $\\left( \\frac{a}{b}$ rusak.\n");
    let run = p.tesis(&["build"]).fails_with(&["this formula cannot be read", "`\\left` without a `\\right`"]);
    assert!(run.stderr().contains("thesis/bab1.md:5:8"), "{}", run.stderr());
}

#[test]
fn near_misses_are_named() {
    let p = TestProject::fixture("minimal");
    p.edit("thesis/bab1.md", "## B. Rumusan Masalah", "Lihat @tbl:tidak-ada dan @jatmika200.\n\n## B. Rumusan Masalah");
    let run = p.tesis(&["check"]);
    let err = run.stderr();
    assert_eq!(run.code(), 1, "{err}");
    assert!(err.contains("`@tbl:tidak-ada` is neither a label nor a bibliography key"), "{err}");
    assert!(err.contains("labels are written"), "{err}");
    assert!(err.contains("did you mean `jatmika2001`?"), "{err}");
    let build = p.tesis(&["build"]).fails_with(&["`@tbl:tidak-ada` is neither a label nor a bibliography key"]);
    assert!(build.stderr().contains("thesis/bab1.md:"), "{}", build.stderr());

    let q = TestProject::fixture("minimal");
    q.edit("thesis/thesis.yaml", "pustaka: pustaka.bib", "pustaka: pustaka.bib\ncatatan_kaki: bab");
    q.tesis(&["build"]).fails_with(&["catatan_kaki", "did you mean `nomor_catatan` (under `format:`)?"]);
}
