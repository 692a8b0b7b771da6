//! The front matter (F12–F19) and the order of all parts (F20): every page from `thesis.yaml`,
//! in the order of docs/format-rules.md, the proposal variant, optional and empty parts left out.

use crate::layout::*;

/// The lines of a page as text.
fn texts(page: &Page) -> Vec<String> {
    page.body_lines(&MARGINS).iter().map(Line::text).collect()
}

/// Asserts that `page` has a line equal to each of `expected`.
#[track_caller]
fn assert_lines(page: &Page, expected: &[&str]) {
    let lines = texts(page);
    for e in expected {
        assert!(lines.iter().any(|l| l == e), "page {} has no line {e:?}:\n{}", page.number, lines.join("\n"));
    }
}

/// The cover's and title page's shared lines, from the fixture's thesis.yaml.
const COVER_LINES: &[&str] = &[
    "KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN",
    "KERJASAMA INTERNASIONAL",
    "(Studi Kasus: Proses Kerja sama Sister City Kabupaten Bogor dengan Nanning",
    "(RRT) pada tahun 2008-2015)",
    "Diajukan sebagai salah satu syarat memperoleh gelar S-2",
    "Pada Program Studi Magister Ilmu Hubungan Internasional",
    "Universitas Muhammadiyah Yogyakarta",
    "Disusun oleh:",
    "KHOERO DARA FAZRA",
    "(20141060051)",
    "PROGRAM STUDI MAGISTER ILMU HUBUNGAN INTERNASIONAL",
    "PROGRAM PASCASARJANA",
    "UNIVERSITAS MUHAMMADIYAH YOGYAKARTA",
];

#[test]
fn f12_cover_texts_from_yaml() {
    let laid = lengkap();
    let cover = laid.page(laid.part("cover").page);
    assert_eq!(cover.number, 1);
    assert_lines(cover, COVER_LINES);
    assert_lines(cover, &["TESIS", "YOGYAKARTA", "2015"]);
    let lines = cover.body_lines(&MARGINS);
    // Title upper case, bold, 14 pt, an inverted pyramid; every line centred.
    for l in &lines[..2] {
        assert!(l.bold(), "{:?} is not bold", l.text());
        assert_near(&format!("size of {:?}", l.text()), l.size(), 14.0, 0.001);
    }
    assert!(lines[0].x1() - lines[0].x0() > lines[1].x1() - lines[1].x0(), "the title is not an inverted pyramid");
    for l in &lines {
        assert_near(&format!("centre of {:?}", l.text()), l.centre(), MARGINS.centre(), 0.5);
    }
    let name = lines.iter().find(|l| l.text() == "KHOERO DARA FAZRA").unwrap();
    assert!(name.bold(), "the author's name is not bold");
    // The emblem, centred.
    assert_eq!(cover.images.len(), 1, "the cover has no emblem");
    let emblem = cover.images[0];
    assert_near("centre of the emblem", (emblem.x0 + emblem.x1) / 2.0, MARGINS.centre(), 0.5);
}

#[test]
fn f12_cover_follows_every_yaml_value() {
    let laid = variant(&[
        ("judul: KEBIJAKAN PEMERINTAH DAERAH", "judul: Kebijakan Kota Lain"),
        ("sub_judul: \"(Studi Kasus: Proses", "sub_judul: \"(Kasus Ganti: Proses"),
        ("nama: KHOERO DARA FAZRA", "nama: Nama Lain"),
        ("nim: \"20141060051\"", "nim: \"11112222333\""),
        ("gelar: S-2", "gelar: M.A."),
        ("program_studi: Magister Ilmu Hubungan Internasional", "program_studi: Magister Ilmu Lain"),
        ("program: Program Pascasarjana", "program: Sekolah Pascasarjana"),
        ("universitas: Universitas Muhammadiyah Yogyakarta", "universitas: Universitas Contoh"),
        ("kota: Yogyakarta", "kota: Bantul"),
        ("tahun: 2015", "tahun: 2031"),
    ]);
    let cover = laid.page(1);
    let text = cover.text();
    for gone in [
        "KEBIJAKAN PEMERINTAH",
        "Studi Kasus",
        "KHOERO",
        "20141060051",
        "S-2",
        "Hubungan",
        "PROGRAM PASCASARJANA",
        "Muhammadiyah",
        "YOGYAKARTA",
    ] {
        assert!(!text.contains(gone), "the cover still shows {gone:?}:\n{text}");
    }
    assert!(!texts(cover).iter().any(|l| l == "2015"), "the cover still shows the year 2015:\n{text}");
    assert!(
        text.replace('\n', " ")
            .contains("KEBIJAKAN KOTA LAIN DALAM PENATAAN KERJASAMA INTERNASIONAL (Kasus Ganti: Proses"),
        "{text}"
    );
    assert_lines(
        cover,
        &[
            "Diajukan sebagai salah satu syarat memperoleh gelar M.A.",
            "Pada Program Studi Magister Ilmu Lain",
            "Universitas Contoh",
            "Nama Lain",
            "(11112222333)",
            "PROGRAM STUDI MAGISTER ILMU LAIN",
            "SEKOLAH PASCASARJANA",
            "UNIVERSITAS CONTOH",
            "BANTUL",
            "2031",
        ],
    );
}

#[test]
fn f12_proposal_cover() {
    let laid = variant(&[("jenis: tesis", "jenis: proposal")]);
    for n in [1, 2] {
        let page = laid.page(n);
        assert_lines(
            page,
            &["PROPOSAL TESIS", "TAHUN AKADEMIK 2013/2014", "Diajukan sebagai salah satu syarat memperoleh gelar S-2"],
        );
        assert!(!texts(page).iter().any(|l| l == "TESIS" || l == "2015"), "page {n} of a proposal:\n{}", page.text());
    }
}

#[test]
fn f13_title_page() {
    let laid = lengkap();
    let page = laid.page(laid.part("judul").page);
    assert_eq!(page.number, 2);
    assert_lines(page, COVER_LINES);
    assert_lines(
        page,
        &[
            "LOCAL GOVERNMENT POLICIES IN THE RESTRUCTURING",
            "INTERNATIONAL COOPERATION",
            "Pembimbing Tesis:",
            "Dr. Sidik Jatmika, M.Si.",
        ],
    );
    assert!(
        page.text().contains("(Case Study: Sister City Between The Government of Bogor regency and Nanning"),
        "{}",
        page.text()
    );
    assert_eq!(page.printed_number(&MARGINS).map(|(_, w)| w.text), Some("i".to_string()));
    assert_eq!(page.images.len(), 1, "the title page has no emblem");
}

#[test]
fn f14_signature_pages() {
    let laid = lengkap();
    let approval = laid.page(laid.part("persetujuan").page);
    assert_eq!(approval.number, laid.part("judul").page + 1);
    assert_lines(
        approval,
        &[
            "HALAMAN PERSETUJUAN",
            "KHOERO DARA FAZRA",
            "Yogyakarta, 1 Juni 2015",
            "Dr. Sidik Jatmika, M.Si.",
            "NIK 19650812199103 163 010",
        ],
    );
    // A signature line: the supervisor's name underlined, with room to sign above it.
    assert!(!approval.rules.is_empty(), "the approval page has no signature line");
    let ratification = laid.page(laid.part("pengesahan").page);
    assert_eq!(ratification.number, approval.number + 1);
    assert_lines(
        ratification,
        &["HALAMAN PENGESAHAN", "Dewan Penguji", "Dr. Ahmad Sabiq", "NIK 19761022200104 163 044"],
    );
    let text = ratification.text();
    for needle in [
        "10 Mei 2015",
        "Ketua Penguji Dr. Sidik Jatmika, M.Si.",
        "Penguji I Dr. Ali Muhammad",
        "Penguji II Dr. Nur Azizah, M.Si.",
        "Ketua Program Studi Magister Ilmu Hubungan",
    ] {
        assert!(text.contains(needle), "the ratification page lacks {needle:?}:\n{text}");
    }
    // A signature line for each examiner.
    let dotted = ratification.lines().iter().filter(|l| l.text().ends_with("..........")).count();
    assert_eq!(dotted, 3, "signature lines of the examiners:\n{text}");
}

#[test]
fn f14_scan_replaces_page() {
    let laid = with_yaml("scan:\n  persetujuan: figures/scan-persetujuan.png");
    let part = laid.part("persetujuan");
    assert!(part.scan, "the persetujuan part does not say it is a scan");
    let page = laid.page(part.page);
    assert_eq!(page.images.len(), 1, "the scanned page shows no image");
    let image = page.images[0];
    assert!(image.w() > 300.0, "the scan is {:.0} pt wide", image.w());
    assert!(!page.text().contains("HALAMAN PERSETUJUAN"), "the drawn page is still there:\n{}", page.text());
    // The page keeps its place and its number.
    assert_eq!(part.page, laid.part("judul").page + 1);
    assert_eq!(page.printed_number(&MARGINS).map(|(_, w)| w.text), Some("ii".to_string()));
}

#[test]
fn f14_proposal_has_no_signature_pages() {
    let laid = variant(&[("jenis: tesis", "jenis: proposal")]);
    let names = laid.part_names();
    assert!(!names.contains(&"persetujuan") && !names.contains(&"pengesahan"), "{names:?}");
    assert!(!laid.pages.iter().any(|p| p.text().contains("HALAMAN PENGESAHAN")));
}

#[test]
fn f15_originality_statement() {
    let laid = lengkap();
    let page = laid.page(laid.part("pernyataan").page);
    assert_lines(
        page,
        &[
            "PERNYATAAN KEASLIAN",
            "Nama : KHOERO DARA FAZRA",
            "NIM : 20141060051",
            "Program Studi : Magister Ilmu Hubungan Internasional",
            "Yogyakarta, 1 Juni 2015",
        ],
    );
    let text = page.text().replace('\n', " ");
    assert!(
        text.contains("Judul Tesis : KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN KERJASAMA INTERNASIONAL (Studi Kasus:"),
        "{text}"
    );
    assert!(!page.rules.is_empty(), "the statement has no signature line");
}

#[test]
fn f16_optional_pages() {
    let laid = lengkap();
    assert!(laid.page(laid.part("motto").page).text().contains("Sesungguhnya sesudah kesulitan itu ada kemudahan."));
    assert!(laid.page(laid.part("persembahan").page).text().contains("Untuk kedua orang tua"));
    let without = variant(&[("motto: motto.typ\n", ""), ("persembahan: persembahan.typ\n", "")]);
    let names = without.part_names();
    assert!(!names.contains(&"motto") && !names.contains(&"persembahan"), "{names:?}");
    assert!(!without.pages.iter().any(|p| p.text().contains("MOTTO") || p.text().contains("PERSEMBAHAN")));
}

#[test]
fn f17_foreword() {
    let laid = lengkap();
    let pages = laid.part_pages("kata-pengantar");
    let text: String = pages.clone().map(|n| laid.page(n).text()).collect::<Vec<_>>().join("\n");
    assert!(text.starts_with("KATA PENGANTAR\nLuar otonomi globalisasi"), "{text}");
    assert!(text.contains("Yogyakarta, 1 Juni 2015"));
    // The file's own "= Kata Pengantar" is not printed a second time.
    assert_eq!(text.to_lowercase().matches("kata pengantar").count(), 1, "{text}");
}

#[test]
fn f18_abstracts() {
    let laid = lengkap();
    let (abstrak, abstract_) = (laid.part("abstrak").page, laid.part("abstract").page);
    assert!(abstrak < abstract_, "ABSTRAK must come before ABSTRACT");
    for (page, label, words) in [
        (abstrak, "Kata kunci:", "sister city, kerja sama internasional, pemerintah daerah"),
        (abstract_, "Keywords:", "sister city, international cooperation, local government"),
    ] {
        let lines = laid.page(page).body_lines(&MARGINS);
        let last = lines.last().unwrap();
        assert_eq!(last.text(), format!("{label} {words}"), "page {page}");
        assert!(last.words[0].bold, "the label {label:?} is not bold");
        // Single-spaced text: baseline distance 1.15 × 12 pt inside the abstract.
        let body: Vec<&Line> = lines[1..lines.len() - 1].iter().collect();
        assert!(body.len() > 10, "the abstract on page {page} has {} lines", body.len());
        let mut pairs = 0;
        for pair in body.windows(2) {
            assert_near(
                &format!("page {page}: line distance before {:?}", pair[1].text()),
                pair[1].y - pair[0].y,
                SINGLE,
                0.05,
            );
            pairs += 1;
        }
        assert!(pairs > 10);
        // The keywords line follows after one blank line.
        assert_near("space before the keywords", last.y - body.last().unwrap().y, 2.0 * SINGLE, 0.05);
    }
}

#[test]
fn f12_f19_front_matter_order() {
    let laid = lengkap();
    assert_eq!(
        laid.part_names(),
        [
            "cover",
            "judul",
            "persetujuan",
            "pengesahan",
            "pernyataan",
            "motto",
            "persembahan",
            "kata-pengantar",
            "abstrak",
            "abstract",
            "daftar-isi",
            "daftar-tabel",
            "daftar-gambar",
            "daftar-lampiran",
            "bab",
            "bab",
            "bab",
            "pustaka",
            "lampiran",
        ]
    );
    // Every part starts a page of its own, in that order.
    for pair in laid.parts.windows(2) {
        assert!(pair[1].page > pair[0].page, "{} and {} share page {}", pair[0].name, pair[1].name, pair[1].page);
    }
}

/// A project whose only chapter is `chapter` (Typst) and which has no appendices.
fn one_chapter(chapter: &str) -> Laid {
    let p = lengkap_project();
    p.write("thesis/polos.typ", format!("#import \"/template/lib.typ\": *\n\n= Polos\n\n{chapter}\n"));
    let yaml = p.read("thesis/thesis.yaml");
    // From the chapter list to the bibliography: the chapters and the appendices.
    let start = yaml.find("\nbab: [").unwrap();
    let end = yaml.find("\npustaka:").unwrap();
    p.write("thesis/thesis.yaml", format!("{}\nbab: [polos.typ]{}", &yaml[..start], &yaml[end..]));
    compile(&p)
}

#[test]
fn f19_empty_lists_left_out() {
    let none = one_chapter("Teks tanpa tabel dan gambar.");
    let names = none.part_names();
    for gone in ["daftar-tabel", "daftar-gambar", "daftar-lampiran", "lampiran"] {
        assert!(!names.contains(&gone), "{gone} in {names:?}");
    }
    let all: String = none.pages.iter().map(Page::text).collect();
    assert!(
        !all.contains("DAFTAR TABEL") && !all.contains("DAFTAR GAMBAR") && !all.contains("DAFTAR LAMPIRAN"),
        "{all}"
    );
    let tables = one_chapter("#tabel([A], [B], [1], [2], columns: 2, caption: [Satu tabel])");
    let names = tables.part_names();
    assert!(names.contains(&"daftar-tabel"), "{names:?}");
    assert!(!names.contains(&"daftar-gambar") && !names.contains(&"daftar-lampiran"), "{names:?}");
    let entries = tables.entries("daftar-tabel");
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].title, "Tabel 1.1 Satu tabel");
}

#[test]
fn f20_back_matter() {
    let laid = lengkap();
    let pustaka = laid.part("pustaka").page;
    let lampiran = laid.part("lampiran").page;
    assert!(laid.chapter_page(3) < pustaka && pustaka < lampiran);
    for (n, title) in [(1, "Transkrip Wawancara"), (2, "Naskah Kesepahaman")] {
        let page = laid.page_with(&format!("Lampiran {n}\n{title}"));
        assert!(page.number > lampiran);
        let lines = page.body_lines(&MARGINS);
        assert_eq!([lines[0].text(), lines[1].text()], [format!("Lampiran {n}"), title.to_string()]);
        assert!(lines[0].bold() && lines[1].bold());
        assert_near("centre of the appendix title", lines[0].centre(), MARGINS.centre(), 0.5);
        assert_near("baseline of the appendix title", lines[0].y, MARGINS.top + 0.8 * 12.0, 0.05);
    }
    let listed: Vec<String> = laid.entries("daftar-lampiran").into_iter().map(|e| e.title).collect();
    assert_eq!(listed, ["Lampiran 1 Transkrip Wawancara", "Lampiran 2 Naskah Kesepahaman"]);
}
