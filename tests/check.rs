//! Issue 8, `tesis check`: one project per finding, each asserting the file:line and the exit
//! code; `--final` turning draft markers, CriticMarkup and warnings into errors; JSON output;
//! and the default thesis (a proposal full of `TODO:`) passing the draft check only.

mod common;

use common::TestProject;

/// The clean fixture: `tesis check` finds nothing in it.
fn clean() -> TestProject {
    TestProject::fixture("check-clean")
}

/// Appends a paragraph to a file; returns its 1-based line.
fn append(p: &TestProject, rel: &str, para: &str) -> usize {
    let text = p.read(rel);
    let line = text.lines().count() + 2;
    p.write(rel, format!("{}\n\n{para}\n", text.trim_end()));
    line
}

/// Asserts exit 0 and that stderr mentions every needle.
#[track_caller]
fn warns(p: &TestProject, args: &[&str], needles: &[&str]) -> String {
    let run = p.tesis(args);
    let err = run.stderr();
    assert_eq!(run.code(), 0, "expected exit 0:\n{err}");
    for n in needles {
        assert!(err.contains(n), "stderr lacks {n:?}:\n{err}");
    }
    err
}

/// A PNG of `w`×`h` grey pixels (stored, uncompressed deflate).
fn png(w: u32, h: u32) -> Vec<u8> {
    fn crc(data: &[u8]) -> u32 {
        let mut c = 0xffff_ffffu32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xedb8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc(&body).to_be_bytes());
    }
    let mut raw = vec![];
    for _ in 0..h {
        raw.push(0);
        raw.extend(std::iter::repeat_n(0x80u8, w as usize));
    }
    let mut z = vec![0x78, 0x01];
    for (i, block) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        z.extend((block.len() as u16).to_le_bytes());
        z.extend((!(block.len() as u16)).to_le_bytes());
        z.extend(block);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + u32::from(x)) % 65_521;
        b = (b + a) % 65_521;
    }
    z.extend(((b << 16) | a).to_be_bytes());
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 0, 0, 0, 0]);
    chunk(&mut out, b"IHDR", &ihdr);
    chunk(&mut out, b"IDAT", &z);
    chunk(&mut out, b"IEND", &[]);
    out
}

#[test]
fn clean_project_has_no_findings() {
    let err = warns(&clean(), &["check"], &["0 errors, 0 warnings"]);
    assert!(!err.contains("warning:"), "{err}");
    clean().tesis(&["check", "--final"]).ok();
}

#[test]
fn check_writes_no_pdf() {
    let p = clean();
    p.tesis(&["check"]).ok();
    assert!(!p.path("thesis.pdf").exists());
}

#[test]
fn yaml_problem_is_an_error_at_its_line() {
    let p = clean();
    p.edit("thesis/thesis.yaml", "kota:", "kotta:");
    p.tesis(&["check"]).fails_with(&["thesis/thesis.yaml:10:", "unknown key `kotta`", "did you mean `kota`?"]);
}

#[test]
fn missing_chapter_file_is_an_error() {
    let p = clean();
    p.edit("thesis/thesis.yaml", "  - bab2.typ", "  - bab3.typ");
    p.tesis(&["check"]).fails_with(&["thesis/thesis.yaml:17:", "bab3.typ", "not found"]);
}

#[test]
fn missing_image_is_an_error() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "![Hilang](../figures/hilang.png){#gbr-hilang}");
    p.tesis(&["check"]).fails_with(&[&format!("thesis/bab1.md:{line}:"), "hilang.png"]);
}

#[test]
fn chapter_that_does_not_convert_still_lists_its_draft_markers() {
    let p = clean();
    let todo = append(&p, "thesis/bab1.md", "TODO: tulis bagian ini.");
    let image = append(&p, "thesis/bab1.md", "![Hilang](../figures/hilang.png){#gbr-hilang}");
    let run = p.tesis(&["check"]).fails_with(&[
        &format!("thesis/bab1.md:{image}:"),
        &format!("thesis/bab1.md:{todo}:1"),
        "draft marker left",
    ]);
    // The references of the chapter are unknown, so no figure is called unreferenced.
    assert!(!run.stderr().contains("never referred"), "{}", run.stderr());
}

#[test]
fn citation_key_not_in_bibliography_is_an_error() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "Teks dengan kutipan [@jatmika2010, hlm. 3].");
    let run = p.tesis(&["check"]).fails_with(&[
        &format!("thesis/bab1.md:{line}:22"),
        "citation key `jatmika2010` is not in the bibliography",
        "did you mean `jatmika2001`?",
    ]);
    assert_eq!(run.stderr().matches("citation key `jatmika2010`").count(), 1, "reported twice:\n{}", run.stderr());
}

#[test]
fn citation_in_typst_chapter_is_checked_too() {
    let p = clean();
    let line = append(&p, "thesis/bab2.typ", "Lihat #cite(<tidakada>).");
    p.tesis(&["check"]).fails_with(&[&format!("thesis/bab2.typ:{line}:8"), "`tidakada`"]);
}

#[test]
fn entry_never_cited_is_a_warning_at_the_entry() {
    let p = clean();
    let bib = p.read("thesis/pustaka.bib");
    p.write("thesis/pustaka.bib", format!("{bib}\n@book{{holsti1998,\n  author = {{Holsti, K. J.}},\n  title = {{Politik Internasional}},\n  year = {{1998}}\n}}\n"));
    let line = bib.lines().count() + 2;
    warns(&p, &["check"], &[&format!("thesis/pustaka.bib:{line}:7"), "entry `holsti1998` is never cited"]);
}

#[test]
fn reference_to_undefined_label_is_an_error() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "Lihat @gbr-petta untuk rinciannya.");
    p.tesis(&["check"]).fails_with(&[
        &format!("thesis/bab1.md:{line}:7"),
        "`@gbr-petta` is neither a label nor a bibliography key",
        "did you mean the label `@gbr-peta`?",
    ]);
}

#[test]
fn figure_never_referred_to_is_a_warning() {
    let p = clean();
    p.edit("thesis/bab1.md", " Peta kerja sama ada pada @gbr-peta.", "");
    warns(&p, &["check"], &["thesis/bab1.md:10:", "figure `gbr-peta` is never referred to"]);
}

#[test]
fn table_never_referred_to_is_a_warning() {
    let p = clean();
    append(&p, "thesis/bab2.typ", "#tabel([A], [B], columns: 2, caption: [Data]) <tbl-data>");
    let line = p.read("thesis/bab2.typ").lines().count();
    warns(&p, &["check"], &[&format!("thesis/bab2.typ:{line}:"), "table `tbl-data` is never referred to"]);
}

#[test]
fn draft_marker_warns_and_fails_final() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "TODO: tulis tujuan penelitian.");
    warns(&p, &["check"], &[&format!("thesis/bab1.md:{line}:1"), "draft marker left: TODO: tulis tujuan"]);
    p.tesis(&["check", "--final"]).fails_with(&[&format!("thesis/bab1.md:{line}:1"), "error: draft marker left"]);
}

#[test]
fn draft_marker_in_typst_chapter() {
    let p = clean();
    let line = append(&p, "thesis/bab2.typ", "#draft[bagian ini belum ditulis]");
    p.tesis(&["check", "--final"]).fails_with(&[&format!("thesis/bab2.typ:{line}:2"), "draft marker left"]);
}

#[test]
fn criticmarkup_warns_and_fails_final() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "Kerja sama {++yang erat ++}ini dimulai pada 2008.");
    warns(&p, &["check"], &[&format!("thesis/bab1.md:{line}:12"), "CriticMarkup"]);
    p.tesis(&["check", "--final"]).fails_with(&[&format!("thesis/bab1.md:{line}:12"), "CriticMarkup"]);
}

#[test]
fn low_resolution_image_warns_with_page() {
    let p = clean();
    p.write("figures/kecil.png", png(60, 40));
    p.edit("thesis/bab1.md", "ada pada @gbr-peta.", "ada pada @gbr-peta dan @gbr-kecil.");
    let line = append(&p, "thesis/bab1.md", "![Gambar kecil](../figures/kecil.png){#gbr-kecil width=100%}");
    warns(&p, &["check"], &[&format!("thesis/bab1.md:{line}:"), "prints at", "below 150 dpi", "on page"]);
}

/// Two figures sharing one blurred file (BAB I and BAB II) are two placements: each warning
/// names the page of its own figure, read off the PDF.
#[test]
fn a_shared_image_is_reported_on_the_page_of_each_use() {
    let p = clean();
    p.write("figures/kecil.png", png(60, 40));
    p.edit("thesis/bab1.md", "ada pada @gbr-peta.", "ada pada @gbr-peta dan @gbr-kecil.");
    let line1 = append(&p, "thesis/bab1.md", "![Gambar kecil](../figures/kecil.png){#gbr-kecil width=100%}");
    let line2 = append(
        &p,
        "thesis/bab2.typ",
        "Lihat @gbr-lagi.\n\n#gambar(\"/figures/kecil.png\", caption: [Gambar kecil lagi], lebar: 100%) <gbr-lagi>",
    ) + 2;
    let err = warns(&p, &["check"], &[]);
    p.build_ok();
    let pages = common::pdf_pages(&p.path("thesis.pdf"));
    let page_of = |caption: &str| {
        // The PDF's page (as a viewer counts it), which is what `check` names.
        1 + pages.iter().position(|t| t.contains(caption)).unwrap_or_else(|| panic!("{caption} not printed"))
    };
    let (first, second) = (page_of("Gambar 1.2 Gambar kecil"), page_of("Gambar 2.1 Gambar kecil lagi"));
    assert_ne!(first, second, "the two figures are on different pages");
    let warning_of = |file: &str, line: usize| {
        let at = format!("{file}:{line}:");
        let start = err.find(&at).unwrap_or_else(|| panic!("no warning at {at}:\n{err}"));
        // The message line comes before the location line.
        let head = &err[..start];
        head[head.rfind("warning:").unwrap()..].to_string()
    };
    assert!(warning_of("thesis/bab1.md", line1).contains(&format!("on page {first} ")), "{err}");
    assert!(warning_of("thesis/bab2.typ", line2).contains(&format!("on page {second} ")), "{err}");
}

#[test]
fn sharp_image_does_not_warn() {
    let p = clean();
    p.write("figures/besar.png", png(1200, 600));
    p.edit("thesis/bab1.md", "ada pada @gbr-peta.", "ada pada @gbr-peta dan @gbr-besar.");
    append(&p, "thesis/bab1.md", "![Gambar besar](../figures/besar.png){#gbr-besar width=50%}");
    let err = warns(&p, &["check"], &["0 warnings"]);
    assert!(!err.contains("dpi"), "{err}");
}

#[test]
fn long_abstract_and_too_few_keywords_warn() {
    let p = clean();
    p.write("thesis/abstrak.md", format!("{}\n", vec!["kata"; 310].join(" ")));
    p.write(
        "thesis/thesis.yaml",
        format!(
            "{}abstrak:\n  file: abstrak.md\n  kata_kunci: [sister city, paradiplomasi]\n",
            p.read("thesis/thesis.yaml")
        ),
    );
    let line = p.read("thesis/thesis.yaml").lines().count() - 2;
    warns(
        &p,
        &["check"],
        &[
            "thesis/abstrak.md:1:1",
            "the abstrak has 310 words, more than 300",
            &format!("thesis/thesis.yaml:{line}:1"),
            "the abstrak has 2 keywords; it needs 3 to 5",
        ],
    );
}

#[test]
fn heading_skipping_a_level_warns() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "#### Terlalu Dalam\n\nIsi bagian.");
    warns(&p, &["check"], &[&format!("thesis/bab1.md:{line}:1"), "heading level 4 follows level 2"]);
    let line = append(&p, "thesis/bab2.typ", "==== Terlalu Dalam\n\nIsi bagian.");
    warns(&p, &["check"], &[&format!("thesis/bab2.typ:{line}:1"), "heading level 4 follows level 2, skipping level 3"]);
}

#[test]
fn empty_chapter_warns_and_fails_final() {
    let p = clean();
    p.write("thesis/bab3.md", "# Penutup\n\n## A. Kesimpulan\n");
    p.edit("thesis/thesis.yaml", "  - bab2.typ", "  - bab2.typ\n  - bab3.md");
    warns(&p, &["check"], &["thesis/bab3.md:1:1", "this chapter has no text"]);
    p.tesis(&["check", "--final"]).fails_with(&["thesis/bab3.md:1:1", "this chapter has no text"]);
}

#[test]
fn typst_warning_warns_and_fails_final() {
    let p = clean();
    let line = append(&p, "thesis/bab2.typ", "#text(font: \"Huruf Tidak Ada\")[teks]");
    warns(&p, &["check"], &[&format!("thesis/bab2.typ:{line}:"), "unknown font family"]);
    p.tesis(&["check", "--final"]).fails_with(&[&format!("thesis/bab2.typ:{line}:"), "unknown font family"]);
}

#[test]
fn final_check_needs_a_date() {
    let p = clean();
    p.edit("thesis/thesis.yaml", "tanggal: 2026-05-10\n", "");
    p.tesis(&["check"]).ok();
    p.tesis(&["check", "--final"]).fails_with(&["thesis/thesis.yaml", "`tanggal`"]);
}

#[test]
fn json_lists_severity_file_line_column_message_hint() {
    let p = clean();
    let line = append(&p, "thesis/bab1.md", "TODO: tulis.");
    let run = p.tesis(&["check", "--format", "json"]).ok();
    let out = String::from_utf8_lossy(&run.output.stdout).into_owned();
    let items: serde_json::Value = serde_json::from_str(&out).expect("JSON on stdout");
    let first = &items.as_array().expect("an array")[0];
    assert_eq!(first["severity"], "warning", "{out}");
    assert_eq!(first["file"], "thesis/bab1.md", "{out}");
    assert_eq!(first["line"], line, "{out}");
    assert_eq!(first["column"], 1, "{out}");
    assert!(first["message"].as_str().unwrap().contains("draft marker"), "{out}");
    assert!(first["hint"].is_string(), "{out}");
    let run = p.tesis(&["check", "--final", "--format", "json"]);
    assert_eq!(run.code(), 1);
    let items: serde_json::Value = serde_json::from_slice(&run.output.stdout).unwrap();
    assert_eq!(items[0]["severity"], "error");
}

#[test]
fn default_thesis_passes_check_with_draft_warnings_and_fails_final() {
    let p = TestProject::default_thesis();
    let err = warns(&p, &["check"], &["warning: draft marker left", "thesis/bab2.md:3:1", "thesis/bab5.md:3:1"]);
    assert!(!err.contains("error:"), "{err}");
    p.tesis(&["check", "--final"]).fails_with(&[
        "error: draft marker left",
        "thesis/bab2.md:3:1",
        "thesis/bab3.md:",
        "thesis/bab4.md:",
        "thesis/bab5.md:3:1",
        "not ready for submission",
    ]);
}
