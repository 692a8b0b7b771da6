//! Unit tests of the importer: one small made-up draft per artefact, then the student's seed.

use super::*;

/// The first chapter's Markdown of `md`.
fn bab1(md: &str) -> String {
    import(md).chapters.remove(0).1
}

#[test]
fn note_after_page_rule_becomes_footnote_at_its_marker() {
    let out = bab1("# Bab\n\nSebuah kalimat.<sup>1</sup>\n\n---\n\n<sup>1</sup> Penulis, 2001, *Buku*, Kota.\n");
    assert!(out.contains("Sebuah kalimat.[^1]\n\n[^1]: Penulis, 2001, *Buku*, Kota."), "{out}");
    assert!(!out.contains("---"), "{out}");
}

#[test]
fn marker_mid_sentence_is_attached_to_its_word() {
    let out = bab1("# Bab\n\naktor lain juga ikut <sup>5</sup>Scholte berpendapat.\n\n<sup>5</sup> Scholte, 2000.\n");
    assert!(out.contains("ikut[^5] Scholte berpendapat."), "{out}");
    assert_eq!(import("# B\n\na <sup>5</sup>b.\n\n<sup>5</sup> n\n").report.get(Change::MarkerMoved), 1);
}

#[test]
fn bare_number_on_its_own_line_is_a_marker() {
    let md = "# Bab\n\nistilah “*micro- diplomacy*”\n\n13\n\nKalimat berikut.\n\n---\n\n<sup>13</sup> Catatan.\n";
    let imported = import(md);
    let out = &imported.chapters[0].1;
    assert!(out.contains("“*micro- diplomacy*”[^13]\n\n[^13]: Catatan."), "{out}");
    assert!(out.contains("\n\nKalimat berikut."), "{out}");
    assert_eq!(imported.report.get(Change::BareMarkerAttached), 1);
}

#[test]
fn bare_number_that_is_no_note_is_kept_and_reported() {
    let imported = import("# Bab\n\nTeks.\n\n42\n");
    assert!(imported.chapters[0].1.contains("\n42"));
    assert!(has_doubt(&imported, "42"), "{:?}", imported.report.undecided);
}

#[test]
fn paragraph_split_at_page_break_is_rejoined() {
    let md = "# Bab\n\nHubungan kerjasama luar\n\n---\n\n<sup>1</sup> Catatan.\n\nnegeri yang dilakukan daerah.<sup>1</sup>\n";
    let imported = import(md);
    let out = &imported.chapters[0].1;
    assert!(out.contains("Hubungan kerjasama luar negeri yang dilakukan daerah.[^1]"), "{out}");
    assert_eq!(imported.report.get(Change::ParagraphRejoined), 1);
}

#[test]
fn split_without_notes_between_is_rejoined_when_next_starts_lower_case() {
    let out = bab1("# Bab\n\nsebuah hubungan\n\ninternasional menjadi lebih berkembang.\n");
    assert!(out.contains("sebuah hubungan internasional menjadi"), "{out}");
}

#[test]
fn upper_case_start_after_a_page_bottom_is_joined_but_not_without_one() {
    let across = bab1("# B\n\nditandai\n\n---\n\n<sup>4</sup> n\n\nPenandatanganan LoI.<sup>4</sup>\n");
    assert!(across.contains("ditandai Penandatanganan LoI."), "{across}");
    let imported = import("# B\n\nmenciptakan perdamaian\n\nPenelitian yang dilakukan.\n");
    assert!(imported.chapters[0].1.contains("perdamaian\n\nPenelitian"));
    assert!(has_doubt(&imported, "without final punctuation"), "{:?}", imported.report.undecided);
}

#[test]
fn finished_sentence_is_not_joined() {
    let out = bab1("# B\n\nKalimat selesai.\n\nkalimat baru.\n");
    assert!(out.contains("selesai.\n\nkalimat baru."), "{out}");
}

#[test]
fn hyphenated_split_word_is_joined() {
    let imported = import("# B\n\nPemerin-\n\ntahan daerah.\n\nnegara-\n\nnegara maju.\n");
    let out = &imported.chapters[0].1;
    assert!(out.contains("Pemerintahan daerah."), "{out}");
    assert!(out.contains("negara-negara maju."), "{out}");
    assert_eq!(imported.report.get(Change::HyphenationJoined), 2);
}

#[test]
fn list_item_continued_after_page_break() {
    let out = bab1(
        "# B\n\n1. Dorongan budaya, bahasa,\n\n---\n\n<sup>1</sup> n\n\nagama, politik.<sup>1</sup>\n\n2. Kedua.\n",
    );
    assert!(out.contains("1. Dorongan budaya, bahasa, agama, politik.[^1]"), "{out}");
    assert!(out.contains("2. Kedua."), "{out}");
}

#[test]
fn emphasis_around_whole_quote_becomes_block_quote() {
    let imported = import("# B\n\nMenurut dia\n\n**“Kerjasama adalah kerjasama.”**\n\nLalu.\n");
    let out = &imported.chapters[0].1;
    assert!(out.contains("\n> “Kerjasama adalah kerjasama.”\n"), "{out}");
    assert_eq!(imported.report.get(Change::QuoteEmphasisRemoved), 1);
    // Emphasis on a few words stays.
    assert!(bab1("# B\n\nIa **“melakukan ekspansi”** perannya.\n").contains("**“melakukan ekspansi”**"));
}

#[test]
fn quote_continues_after_the_notes_block() {
    let md = "# B\n\nyakni :<sup>1</sup>\n\n***“ Hubungan kerjasama kota, kontribusi biaya***\n\n---\n\n<sup>1</sup> Sidik Jatmika, 2001.\n\n*masing-masing pihak.”.*\n\nParagraf baru.\n";
    let out = bab1(md);
    assert!(out.contains("> “ Hubungan kerjasama kota, kontribusi biaya masing-masing pihak.”.\n"), "{out}");
    assert!(out.contains("yakni :[^1]\n\n[^1]: Sidik Jatmika, 2001."), "{out}");
    assert!(out.contains("\n\nParagraf baru."), "{out}");
}

#[test]
fn headings_take_their_level_from_the_typed_number() {
    let md = "## A. Latar\n\nt.\n\n#### **A. Rumusan :**\n\nt.\n\n## **B. Tujuan**\n\n### **Tujuan Tesis :**\n\nt.\n\n#### **Manfaat :**\n\nt.\n\n## C. Metode\n\n#### 1. Jenis\n\nt.\n\n### 2. Metode\n\nt.\n\n##### **A. Dokumen**\n\nt.\n\n## **B. Arsip**\n\nt.\n\n#### **D. Sistematika**\n\nt.\n";
    let imported = import(md);
    let out = &imported.chapters[0].1;
    for want in [
        "\n## A. Latar\n",
        "\n## B. Rumusan :\n",
        "\n## C. Tujuan\n",
        "\n### Tujuan Tesis :\n",
        "\n### Manfaat :\n",
        "\n## D. Metode\n",
        "\n### 1. Jenis\n",
        "\n### 2. Metode\n",
        "\n#### a. Dokumen\n",
        "\n#### b. Arsip\n",
        "\n## E. Sistematika\n",
    ] {
        assert!(out.contains(want), "missing {want:?} in\n{out}");
    }
    assert!(imported.report.get(Change::HeadingLevelChanged) >= 6);
    assert_eq!(imported.report.get(Change::HeadingRenumbered), 6);
    assert!(has_doubt(&imported, "repeats the number"), "{:?}", imported.report.undecided);
}

#[test]
fn missing_chapter_title_gets_the_default_and_is_reported() {
    let imported = import("## A. Latar\n\nTeks.\n");
    assert!(imported.chapters[0].1.starts_with("# PENDAHULUAN\n\n## A. Latar"));
    assert!(has_doubt(&imported, "no chapter title"), "{:?}", imported.report.undecided);
}

#[test]
fn chapters_split_at_level_one_headings() {
    let imported = import("# BAB I PENDAHULUAN\n\nSatu.\n\n# BAB II TINJAUAN\n\nDua.\n");
    let names: Vec<_> = imported.chapters.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["bab1.md", "bab2.md"]);
    assert!(imported.chapters[1].1.starts_with("# TINJAUAN\n"));
}

#[test]
fn lost_drawing_becomes_figure_with_its_source_note() {
    let md = "# B\n\nsebagai berikut:\n\nTabel 1.1\n\nPola hubungan state centric.<sup>15</sup>\n\nIGO\n\nKeterangan:\n\n————— Hubungan antar negara\n\nG = Government (Pemerintah)\n\n<sup>15</sup> Dikutip dari Sidik Jatmika, 2001.\n\nKeohane menjelaskan.\n";
    let imported = import(md);
    let out = &imported.chapters[0].1;
    assert!(
        out.contains("![Pola hubungan state centric.](../figures/gambar-1-1.svg){#gbr-1-1}\n\nSumber:[^15]"),
        "{out}"
    );
    assert!(out.contains("TODO: gambar asli hilang"), "{out}");
    assert!(out.contains("G = Government (Pemerintah)"), "{out}");
    assert!(out.contains("\n\nKeohane menjelaskan."), "{out}");
    assert_eq!(imported.report.get(Change::FigureRecovered), 1);
}

#[test]
fn link_repeating_its_address_becomes_autolink() {
    let out = bab1("# B\n\nTeks.<sup>2</sup>\n\n<sup>2</sup> [https://x.org/a\\\\_b](https://x.org/a_b) di akses\n");
    assert!(out.contains("[^2]: <https://x.org/a_b> di akses"), "{out}");
}

#[test]
fn cover_lines_become_yaml_values() {
    let md = "JUDUL TESIS  \nSATU\n(Studi Kasus: Kota A)\n\n**ENGLISH TITLE**  \n(Case Study: City A)\n\nDiajukan sebagai salah satu syarat memperoleh gelar S-2  \nPada Program Studi Magister Ilmu X  \nUniversitas Contoh Yogyakarta\n\nDisusun oleh:\n\n**NAMA MAHASISWA**\n\n(20141060051)\n\nPembimbing Tesis :\n\nDr. Pembimbing M.Si\n\nFAKULTAS ILMU SOSIAL DAN POLITIK\n\n**PASCA SARJANA**\n\nUNIVERSITAS CONTOH YOGYAKARTA\n\nTAHUN AKADEMIK 2013/2014\n\n## A. Latar\n\nTeks.\n";
    let imported = import(md);
    let get = |k: &str| imported.yaml_values.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    assert_eq!(get("judul"), Some("JUDUL TESIS SATU"));
    assert_eq!(get("sub_judul"), Some("(Studi Kasus: Kota A)"));
    assert_eq!(get("judul_en"), Some("ENGLISH TITLE"));
    assert_eq!(get("sub_judul_en"), Some("(Case Study: City A)"));
    assert_eq!(get("gelar"), Some("S-2"));
    assert_eq!(get("program_studi"), Some("Magister Ilmu X"));
    assert_eq!(get("penulis.nama"), Some("NAMA MAHASISWA"));
    assert_eq!(get("penulis.nim"), Some("20141060051"));
    assert_eq!(get("pembimbing"), Some("Dr. Pembimbing M.Si"));
    assert_eq!(get("fakultas"), Some("Fakultas Ilmu Sosial dan Politik"));
    assert_eq!(get("program"), Some("Pasca Sarjana"));
    assert_eq!(get("universitas"), Some("Universitas Contoh Yogyakarta"));
    assert_eq!(get("kota"), Some("Yogyakarta"));
    assert_eq!(get("tahun_akademik"), Some("2013/2014"));
    let yaml = yaml_suggestion(&imported);
    assert!(yaml.contains("penulis:\n  nama: \"NAMA MAHASISWA\"\n  nim: \"20141060051\"\n"), "{yaml}");
    assert!(yaml.contains("pembimbing:\n  - nama: \"Dr. Pembimbing M.Si\"\n"), "{yaml}");
    assert!(yaml.contains("bab:\n  - bab1.md\n"), "{yaml}");
    assert!(!imported.chapters[0].1.contains("JUDUL"));
}

#[test]
fn write_puts_chapters_and_yaml_under_thesis_and_never_overwrites() {
    let root = std::env::temp_dir().join(format!("tesis-import-unit-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let imported = import("## A. Latar\n\nTeks.\n");
    let written = write(&imported, &root, false).expect("first write");
    assert_eq!(written.len(), 2);
    assert!(root.join("thesis/bab1.md").is_file() && root.join("thesis/thesis.yaml").is_file());
    assert_eq!(write(&imported, &root, false).unwrap_err().kind(), io::ErrorKind::AlreadyExists);
    write(&imported, &root, true).expect("overwrite");
    assert!(root.join("thesis/thesis.import.yaml").is_file());
    std::fs::remove_dir_all(&root).expect("clean up");
}

/// The student's draft, committed in the default project (`thesis/draft/`).
fn seed() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("thesis/draft/proposal-tesis-bab1.md");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn seed_imports_with_all_21_footnotes_in_place() {
    let md = seed();
    let imported = import(&md);
    assert_eq!(imported.chapters.len(), 1);
    let out = &imported.chapters[0].1;
    for n in 1..=21 {
        assert_eq!(out.matches(&format!("[^{n}]:")).count(), 1, "definition of note {n}");
        assert_eq!(out.matches(&format!("[^{n}]")).count(), 2, "marker and definition of note {n}");
    }
    assert_eq!(imported.report.get(Change::FootnoteMoved), 21);
    assert!(!out.contains("<sup>") && !out.contains("\n---"), "artefacts left");
    // Note 5 mid-sentence, the bare 13, the quote around note 1 continued after its notes.
    assert!(out.contains("ikut[^5] Scholte"));
    assert!(out.contains("“*micro- diplomacy*”[^13]"));
    assert!(out.contains("kontribusi biaya masing-masing pihak"));
    // Page-break splits.
    for joined in [
        "kerjasama luar negeri yang",
        "ibukota Daerah Otonomi Zhuang Guangxi yang berada di wilayah China bagian selatan dan menjadi",
        "Multi National Corporation",
        "ditandai Penandatanganan",
    ] {
        assert!(out.contains(joined), "not joined: {joined}");
    }
    assert_eq!(imported.report.get(Change::FigureRecovered), 2);
    assert!(out.contains("\n## B. Rumusan Masalah :\n") && out.contains("\n## H. Sistematika Penulisan :\n"));
    assert!(out.contains("\n#### a. Dokumen\n") && out.contains("\n#### d. Wawancara\n"));
    let get = |k: &str| imported.yaml_values.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    assert_eq!(get("penulis.nama"), Some("KHOERO DARA FAZRA"));
    assert_eq!(get("penulis.nim"), Some("20141060051"));
    assert_eq!(get("pembimbing"), Some("Dr. Sidik Jatmika M.Si"));
    assert_eq!(get("tahun_akademik"), Some("2013/2014"));
    assert_eq!(get("judul_en"), Some("LOCAL GOVERNMENT POLICIES IN THE RESTRUCTURING INTERNATIONAL COOPERATION"));
}

#[test]
fn odd_input_never_panics() {
    for md in [
        "",
        "#",
        "# ",
        "<sup>",
        "<sup>1</sup>",
        "<sup>x</sup> y",
        "13",
        "---",
        "**",
        "*",
        "***“ a",
        "> “",
        ">",
        "> \n>",
        "- · -",
        "1.",
        "Tabel 1.1",
        "Tabel 1.1\n\nCaption",
        "## A.",
        "##### a) x\n\n# y",
        "a-\n\n- b",
        "Disusun oleh:",
        "Pembimbing :",
        "[x](",
        "[^1]",
        "“\n\n*a*",
    ] {
        let imported = import(md);
        assert!(!imported.chapters.is_empty(), "{md:?}");
        let _ = yaml_suggestion(&imported);
        let _ = imported.report.to_string();
    }
}

#[test]
fn report_lists_counts_and_doubts() {
    let text = import("## A. Latar\n\nTeks.<sup>1</sup>\n\n---\n\n<sup>1</sup> Catatan.\n").report.to_string();
    assert!(text.contains("  1 footnotes moved to their markers"), "{text}");
    assert!(text.contains("cover: the cover does not give `judul`"), "{text}");
    assert!(text.contains("line 1: the draft has no chapter title"), "{text}");
}

#[test]
fn chapter_heads_left_as_plain_lines_become_chapters() {
    let md = "SAMPUL\n\n**BAB I**\n\n**PENDAHULUAN**\n\n## A. Latar\n\nSatu.\n\nBAB II\n\nTINJAUAN PUSTAKA\n\nDua.\n\n**BAB III**, Membahas tentang metode.\n";
    let imported = import(md);
    let names: Vec<_> = imported.chapters.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["bab1.md", "bab2.md"]);
    assert!(imported.chapters[0].1.starts_with("# PENDAHULUAN\n\n## A. Latar\n"), "{}", imported.chapters[0].1);
    assert!(
        imported.chapters[1].1.starts_with("# TINJAUAN PUSTAKA\n\nDua.\n\n**BAB III**, Membahas"),
        "{}",
        imported.chapters[1].1
    );
    assert_eq!(imported.report.get(Change::ChapterHeadFound), 2);
    assert!(!imported.report.undecided.iter().any(|(_, w)| w.contains("no chapter title")));
}

#[test]
fn unicode_superscript_notes_are_recognised_but_units_are_not() {
    let out = bab1("# B\n\nLuasnya 20 m² saja.¹\n\n---\n\n¹ Penulis, 2001.\n");
    assert!(out.contains("Luasnya 20 m² saja.[^1]\n\n[^1]: Penulis, 2001."), "{out}");
}

#[test]
fn markdown_block_quote_keeps_its_paragraphs() {
    let out = bab1("# B\n\n> baris satu\n> baris dua\n>\n> paragraf dua\n");
    assert!(out.contains("> baris satu baris dua\n>\n> paragraf dua\n"), "{out}");
}

#[test]
fn hyphenated_word_split_inside_a_paragraph_is_joined() {
    let imported = import("# B\n\nPeran pemerin-\ntahan daerah dan negara-\nnegara maju.\n");
    let out = &imported.chapters[0].1;
    assert!(out.contains("Peran pemerintahan daerah dan negara-negara maju."), "{out}");
    assert_eq!(imported.report.get(Change::HyphenationJoined), 2);
}

/// Whether the import's report lists a doubt whose text contains `what`.
fn has_doubt(imported: &Imported, what: &str) -> bool {
    imported.report.undecided.iter().any(|(_, w)| w.contains(what))
}
