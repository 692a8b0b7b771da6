//! `tesis build --final --parts` (issue 22): the submission pack beside the PDF/A — each part of
//! the thesis as its own PDF/A, in order, and metadata.json/metadata.txt from thesis.yaml — on a
//! project made by `tesis new` and filled in as a student would.

mod common;

use common::{TestProject, pdf_info, pdf_pages, require};

/// A `tesis new` project with every placeholder written: dates, examiners, abstracts, a
/// foreword, an appendix, and the chapters' `TODO:` lines replaced by text.
fn filled() -> TestProject {
    let p = TestProject::empty();
    p.tesis(&["new", "proyek"]).ok();
    let p = TestProject::copy_of(&p.path("proyek"));
    let uncomment = |line: &str| p.edit("thesis/thesis.yaml", &format!("# {line}"), line);
    uncomment("tanggal: 2026-05-10");
    uncomment("tanggal_ujian: 2026-05-10");
    uncomment("kata_pengantar: kata-pengantar.md");
    p.edit(
        "thesis/thesis.yaml",
        "pustaka: pustaka.bib",
        "penguji:\n  - nama: \"Dr. Siti Rahma, M.A.\"\n    peran: \"Ketua Penguji\"\n  - nama: \"Prof. Budi Santoso, Ph.D.\"\n    peran: \"Penguji\"\n\
         abstrak:\n  file: abstrak.md\n  kata_kunci: [paradiplomasi, kota kembar]\n\
         abstract:\n  file: abstract.md\n  keywords: [paradiplomacy, sister city]\n\
         lampiran:\n  - judul: \"Pedoman Wawancara\"\n    file: lampiran1.md\n\
         pustaka: pustaka.bib",
    );
    p.write(
        "thesis/abstrak.md",
        "Kerja sama kota kembar menghubungkan dua daerah.\n\nPenelitian ini menelaah pelaksanaannya.\n",
    );
    p.write("thesis/abstract.md", "Sister city cooperation links two regions.\n\nThis study examines it.\n");
    p.write("thesis/kata-pengantar.md", "Puji syukur atas selesainya tesis ini.\n");
    p.write("thesis/lampiran1.md", "Daftar pertanyaan wawancara.\n");
    for n in 1..=5 {
        let rel = format!("thesis/bab{n}.md");
        let text: String = p
            .read(&rel)
            .lines()
            .map(|l| if l.starts_with("TODO:") { "Bagian ini sudah ditulis.".to_string() } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        p.write(&rel, text + "\n");
    }
    p
}

/// The files of the pack, sorted by name.
fn pack(p: &TestProject) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(p.path("thesis-bagian"))
        .expect("thesis-bagian/ was written")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn parts_cover_the_final_pdf_in_order_and_metadata_holds_thesis_yaml() {
    if !require("pdftotext", "poppler-utils") {
        return;
    }
    let p = filled();
    p.tesis(&["build", "--final", "--parts"]).ok();
    let whole = pdf_pages(&p.path("thesis.pdf"));
    let files = pack(&p);
    let pdfs: Vec<&String> = files.iter().filter(|f| f.ends_with(".pdf")).collect();
    let stems: Vec<&str> = pdfs.iter().map(|f| &f[3..f.len() - 4]).collect();
    assert_eq!(
        stems,
        [
            "halaman-judul",
            "halaman-pengesahan",
            "pernyataan-keaslian",
            "kata-pengantar",
            "abstrak",
            "daftar-isi",
            "bab-1",
            "bab-2",
            "bab-3",
            "bab-4",
            "bab-5",
            "daftar-pustaka",
            "lampiran"
        ]
    );
    assert!(files.contains(&"metadata.json".to_string()) && files.contains(&"metadata.txt".to_string()), "{files:?}");

    // The pieces follow each other: each is exactly the next pages of the PDF/A, text for text.
    let mut at = 0;
    for (i, name) in pdfs.iter().enumerate() {
        let path = p.path("thesis-bagian").join(name);
        assert!(name.starts_with(&format!("{:02}-", i + 1)), "{name} is not numbered {}", i + 1);
        let pages = pdf_pages(&path);
        assert_eq!(pdf_info(&path)["Pages"].parse::<usize>().unwrap(), pages.len());
        assert_eq!(pages[..], whole[at..at + pages.len()], "{name} is not pages {}.. of thesis.pdf", at + 1);
        let bytes = std::fs::read(&path).unwrap();
        assert!(bytes.windows(14).any(|w| w == b"pdfaid:part>2<" || w == b"pdfaid:part=\"2"), "{name} is not PDF/A-2");
        at += pages.len();
    }
    assert_eq!(at, whole.len(), "the pieces' pages add up to the PDF/A's");

    // Each piece opens with its part.
    let first = |stem: &str| {
        let name = pdfs.iter().find(|f| f.contains(stem)).unwrap();
        pdf_pages(&p.path("thesis-bagian").join(name))[0].clone()
    };
    assert!(first("halaman-judul").contains("JUDUL TESIS DALAM BAHASA INDONESIA"));
    assert!(first("pernyataan-keaslian").contains("PERNYATAAN"));
    assert!(first("kata-pengantar").contains("KATA PENGANTAR"));
    assert!(first("abstrak").contains("ABSTRAK") && first("abstrak").contains("Kerja sama kota kembar"));
    assert!(first("daftar-isi").contains("DAFTAR ISI"));
    assert!(first("bab-1").contains("BAB I") && first("bab-1").contains("PENDAHULUAN"));
    assert!(first("bab-5").contains("BAB V"));
    assert!(first("daftar-pustaka").contains("DAFTAR PUSTAKA"));
    assert!(first("lampiran").contains("LAMPIRAN"));
    let appendices = pdf_pages(&p.path("thesis-bagian/13-lampiran.pdf")).concat();
    assert!(appendices.contains("Lampiran 1") && appendices.contains("Pedoman Wawancara"), "{appendices}");

    // metadata.json holds thesis.yaml's values and the abstracts' text.
    let json: serde_json::Value = serde_json::from_str(&p.read("thesis-bagian/metadata.json")).unwrap();
    assert_eq!(json["judul"], "JUDUL TESIS DALAM BAHASA INDONESIA");
    assert_eq!(json["judul_en"], "THESIS TITLE IN ENGLISH");
    assert_eq!(json["penulis"], "NAMA LENGKAP MAHASISWA");
    assert_eq!(json["nim"], "20000000000");
    assert_eq!(json["program_studi"], "Magister Ilmu Hubungan Internasional");
    assert_eq!(json["universitas"], "Universitas Muhammadiyah Yogyakarta");
    assert_eq!(json["pembimbing"], serde_json::json!(["Dr. Nama Pembimbing, M.Si."]));
    assert_eq!(json["penguji"][1]["nama"], "Prof. Budi Santoso, Ph.D.");
    assert_eq!(json["penguji"][0]["peran"], "Ketua Penguji");
    assert_eq!(
        json["abstrak"]["teks"],
        "Kerja sama kota kembar menghubungkan dua daerah.\n\nPenelitian ini menelaah pelaksanaannya."
    );
    assert_eq!(json["abstrak"]["kata_kunci"], serde_json::json!(["paradiplomasi", "kota kembar"]));
    assert_eq!(json["abstract"]["teks"], "Sister city cooperation links two regions.\n\nThis study examines it.");
    assert_eq!(json["halaman"]["jumlah"], whole.len());
    let listed: Vec<&str> = json["berkas"].as_array().unwrap().iter().map(|f| f["berkas"].as_str().unwrap()).collect();
    assert_eq!(listed, pdfs.iter().map(|s| s.as_str()).collect::<Vec<_>>());
    assert_eq!(json["berkas"][6]["judul"], "BAB I PENDAHULUAN");
    assert_eq!(json["berkas"][6]["dari"], "1");

    // The same values as lines to copy.
    let text = p.read("thesis-bagian/metadata.txt");
    for line in [
        "Judul: JUDUL TESIS DALAM BAHASA INDONESIA\n",
        "NIM: 20000000000\n",
        "Penguji: Dr. Siti Rahma, M.A. (Ketua Penguji); Prof. Budi Santoso, Ph.D. (Penguji)\n",
        "Kata kunci: paradiplomasi, kota kembar\n",
        "07-bab-1.pdf  BAB I PENDAHULUAN",
    ] {
        assert!(text.contains(line), "metadata.txt lacks {line:?}:\n{text}");
    }
}

#[test]
fn a_thesis_that_is_not_ready_gets_no_pack_and_keeps_the_previous_one() {
    let p = filled();
    p.tesis(&["build", "--final", "--parts"]).ok();
    let before = std::fs::read(p.path("thesis-bagian/07-bab-1.pdf")).unwrap();
    let pdf = std::fs::read(p.path("thesis.pdf")).unwrap();
    let bab = p.read("thesis/bab1.md");
    p.write("thesis/bab1.md", format!("{bab}\nTODO: simpulan bab.\n"));
    p.tesis(&["build", "--final", "--parts"]).fails_with(&["thesis/bab1.md:", "draft marker"]);
    assert_eq!(std::fs::read(p.path("thesis-bagian/07-bab-1.pdf")).unwrap(), before);
    assert_eq!(std::fs::read(p.path("thesis.pdf")).unwrap(), pdf);

    // Without --final there is no pack: a draft is not submitted.
    let run = p.tesis(&["build", "--parts"]);
    assert_ne!(run.code(), 0);
    assert!(run.stderr().contains("--final"), "{}", run.stderr());
}

#[test]
fn a_new_pack_replaces_the_old_whole_and_a_foreign_folder_is_left_alone() {
    let p = filled();
    p.tesis(&["build", "--final", "--parts"]).ok();
    assert!(pack(&p).contains(&"11-bab-5.pdf".to_string()));
    // BAB V leaves the thesis: its file leaves the pack.
    p.edit("thesis/thesis.yaml", "  - bab5.md\n", "");
    p.tesis(&["build", "--final", "--parts"]).ok();
    let files = pack(&p);
    assert!(files.iter().all(|f| !f.contains("bab-5")), "{files:?}");
    assert!(files.contains(&"11-daftar-pustaka.pdf".to_string()), "{files:?}");
    let left: Vec<String> =
        std::fs::read_dir(&p.root).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(left.iter().all(|n| !n.ends_with(".tmp") && !n.ends_with(".old")), "{left:?}");

    // A folder of that name that tesis did not write is not touched.
    std::fs::remove_dir_all(p.path("thesis-bagian")).unwrap();
    p.write("thesis-bagian/catatan.docx", "punya saya");
    p.tesis(&["build", "--final", "--parts"]).fails_with(&["thesis-bagian", "not written by tesis"]);
    assert_eq!(p.read("thesis-bagian/catatan.docx"), "punya saya");
}
