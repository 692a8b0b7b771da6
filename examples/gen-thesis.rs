//! A deterministic generator of synthetic theses for benchmarks and stress tests.
//!
//! `cargo run --release --example gen-thesis -- --pages 300 --seed 1 OUT` writes a project of
//! about 300 pages: chapters alternating Markdown and Typst, Indonesian-like prose with about one
//! footnote and two citations per paragraph against a 200-entry bibliography, SVG and PNG
//! figures, pipe and CSV tables, cross-references, block quotes and lists. The same seed always
//! gives the same bytes.

use std::fmt::Write as _;
use std::path::PathBuf;

/// Words of running text (common Indonesian academic vocabulary).
const WORDS: &[&str] = &[
    "kerja",
    "sama",
    "pemerintah",
    "daerah",
    "kota",
    "kabupaten",
    "internasional",
    "hubungan",
    "kebijakan",
    "otonomi",
    "diplomasi",
    "aktor",
    "negara",
    "masyarakat",
    "pembangunan",
    "ekonomi",
    "budaya",
    "pendidikan",
    "pariwisata",
    "perjanjian",
    "kesepakatan",
    "program",
    "kegiatan",
    "bidang",
    "potensi",
    "peluang",
    "tantangan",
    "proses",
    "tahap",
    "pelaksanaan",
    "koordinasi",
    "pusat",
    "lokal",
    "global",
    "regional",
    "kawasan",
    "wilayah",
    "penduduk",
    "investasi",
    "perdagangan",
    "teknologi",
    "informasi",
    "komunikasi",
    "lembaga",
    "organisasi",
    "dalam",
    "dengan",
    "untuk",
    "yang",
    "dan",
    "pada",
    "dari",
    "oleh",
    "bagi",
    "antara",
    "sebagai",
    "terhadap",
    "melalui",
    "secara",
    "juga",
    "telah",
    "akan",
    "dapat",
    "lebih",
    "semakin",
    "baru",
    "penting",
    "utama",
    "berbagai",
    "tersebut",
    "adalah",
    "merupakan",
    "menjadi",
    "memiliki",
    "melakukan",
    "mendorong",
    "meningkatkan",
    "menjalin",
    "membangun",
    "mewujudkan",
    "menunjukkan",
];

/// Family names for the generated bibliography.
const FAMILIES: &[&str] = &[
    "Jatmika",
    "Mukti",
    "Keohane",
    "Nye",
    "Holsti",
    "Wolff",
    "Scholte",
    "Duchacek",
    "Soldatos",
    "Criekemans",
    "Masoed",
    "Wright",
    "Chung",
    "Mascitelli",
    "Campbell",
    "Sinambela",
    "Aldecoa",
    "Keating",
    "Boyer",
    "Roth",
    "Hocking",
    "Kuznetsov",
    "Tavares",
    "Lecours",
    "Paquin",
];

/// Given names for the generated bibliography.
const GIVEN: &[&str] = &[
    "Sidik", "Takdir", "Robert", "Joseph", "Kalevi", "Stefan", "Jan", "Ivo", "Mohtar", "Quincy", "Mona", "Bruno",
    "Kyle",
];

/// Entries in the generated bibliography.
const BIB_ENTRIES: usize = 200;

/// Words in a generated paragraph, sized so that a page holds about two paragraphs with their
/// footnotes at 1.5 spacing.
const PARAGRAPH_WORDS: usize = 95;

/// A small deterministic PRNG (xorshift64*), so the output depends on the seed only.
struct Rng(u64);

impl Rng {
    /// The next 64 random bits.
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// One of the items.
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The options of a run.
struct Options {
    /// About how many pages.
    pages: usize,
    /// The seed of the PRNG.
    seed: u64,
    /// Every chapter in Markdown (for the LaTeX comparison, which converts Markdown).
    all_markdown: bool,
    /// The project folder to write.
    out: PathBuf,
}

fn main() {
    let options = parse_args();
    generate(&options).unwrap_or_else(|e| {
        eprintln!("error: cannot write {} ({e})", options.out.display());
        std::process::exit(1);
    });
    eprintln!("synthetic thesis of about {} pages written to {}", options.pages, options.out.display());
}

/// Reads `--pages N --seed S OUT`.
fn parse_args() -> Options {
    let mut pages = 100;
    let mut seed = 1;
    let mut out = None;
    let mut all_markdown = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--pages" => pages = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| usage()),
            "--all-markdown" => all_markdown = true,
            "-h" | "--help" => usage(),
            _ if out.is_none() => out = Some(PathBuf::from(a)),
            _ => usage(),
        }
    }
    Options { pages: pages.max(10), seed: seed.max(1), all_markdown, out: out.unwrap_or_else(|| usage()) }
}

/// Prints the usage and exits.
fn usage() -> ! {
    eprintln!("usage: gen-thesis [--pages N] [--seed S] [--all-markdown] OUTDIR");
    std::process::exit(2);
}

/// Writes the whole project.
fn generate(o: &Options) -> std::io::Result<()> {
    let mut rng = Rng(o.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let thesis = o.out.join("thesis");
    let figures = o.out.join("figures");
    std::fs::create_dir_all(&thesis)?;
    std::fs::create_dir_all(&figures)?;
    let chapters = (o.pages / 30).clamp(5, 12);
    let body_pages = o.pages.saturating_sub(12).max(chapters);
    let paragraphs_per_chapter = (body_pages * 17 / 10 / chapters).max(3);

    std::fs::write(thesis.join("pustaka.bib"), bibliography(&mut rng))?;
    std::fs::write(figures.join("diagram.svg"), svg_figure())?;
    std::fs::write(figures.join("grafik.png"), png_figure(64, 40))?;
    let mut files = Vec::new();
    for c in 1..=chapters {
        let typst = c % 2 == 0 && !o.all_markdown;
        std::fs::write(figures.join(format!("data{c}.csv")), csv_table(&mut rng))?;
        let name = format!("bab{c}.{}", if typst { "typ" } else { "md" });
        let text = if typst {
            typst_chapter(&mut rng, c, paragraphs_per_chapter)
        } else {
            md_chapter(&mut rng, c, paragraphs_per_chapter)
        };
        std::fs::write(thesis.join(&name), text)?;
        files.push(name);
    }
    std::fs::write(thesis.join("thesis.yaml"), yaml(o, &files))?;
    Ok(())
}

/// thesis.yaml of the synthetic thesis.
fn yaml(o: &Options, files: &[String]) -> String {
    let mut y = format!(
        "# Synthetic thesis of about {} pages (seed {}), generated by examples/gen-thesis.rs.\n\
         jenis: tesis\njudul: TESIS SINTETIS UNTUK PENGUKURAN KINERJA\nsub_judul: \"(Studi Kasus: {} Halaman)\"\n\
         judul_en: A SYNTHETIC THESIS FOR BENCHMARKS\npenulis:\n  nama: MAHASISWA SINTETIS\n  nim: \"20000000000\"\n\
         program_studi: Magister Ilmu Hubungan Internasional\nprogram: Program Pascasarjana\n\
         universitas: Universitas Muhammadiyah Yogyakarta\nkota: Yogyakarta\ntahun: 2026\ntanggal: 2026-01-15\n\
         pembimbing:\n  - nama: Dr. Pembimbing Sintetis, M.Si.\npustaka: pustaka.bib\nbab:\n",
        o.pages, o.seed, o.pages
    );
    for f in files {
        let _ = writeln!(y, "  - {f}");
    }
    y
}

/// A sentence of `n` words, capitalised, with a full stop.
fn sentence(rng: &mut Rng, n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        let w = rng.pick(WORDS);
        if i == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(' ');
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// Prose of about `words` words.
fn prose(rng: &mut Rng, words: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut left = words;
    while left > 0 {
        let n = (8 + rng.below(12)).min(left);
        out.push(sentence(rng, n));
        left -= n;
    }
    out
}

/// A citation key of the generated bibliography.
fn key(i: usize) -> String {
    format!("ref{i:03}")
}

/// A Markdown chapter.
fn md_chapter(rng: &mut Rng, c: usize, paragraphs: usize) -> String {
    let mut t = format!("# Bab Sintetis Nomor {c} {{#bab-{c}}}\n\n");
    let sections = (paragraphs / 6).max(2);
    let mut note = 0;
    for p in 0..paragraphs {
        if p % (paragraphs / sections).max(1) == 0 {
            let _ = writeln!(t, "## Bagian {} dari Bab {c}\n", p / (paragraphs / sections).max(1) + 1);
        }
        let mut sentences = prose(rng, PARAGRAPH_WORDS);
        let (a, b) = (rng.below(BIB_ENTRIES), rng.below(BIB_ENTRIES));
        let mid = sentences.len() / 2;
        sentences[mid].push_str(&format!(" [@{}, hlm. {}]", key(a), 1 + rng.below(300)));
        let last = sentences.len() - 1;
        sentences[last].push_str(&format!(" [@{}]", key(b)));
        note += 1;
        sentences[0].push_str(&format!("[^{c}-{note}]"));
        t.push_str(&sentences.join(" "));
        t.push_str("\n\n");
        let _ = writeln!(t, "[^{c}-{note}]: {}\n", prose(rng, 14).join(" "));
        match p % 9 {
            2 => {
                let _ = writeln!(t, "> {}\n", prose(rng, 60).join(" "));
            }
            4 => {
                for i in 1..=3 {
                    let _ = writeln!(t, "{i}. {}", sentence(rng, 9));
                }
                t.push('\n');
            }
            6 if p == 6 => {
                let _ = writeln!(
                    t,
                    "![Diagram sintetis bab {c}](../figures/diagram.svg){{#gbr-{c}-a width=70%}}\n\nSumber: Data sintetis.\n"
                );
                let _ = writeln!(t, "Seperti terlihat pada @gbr-{c}-a, {}\n", sentence(rng, 10).to_lowercase());
            }
            7 if p == 7 => {
                let _ = writeln!(t, "Table: Ringkasan sintetis bab {c} {{#tbl-{c}-a}}\n");
                t.push_str("| Aspek | Kabupaten | Kota | Keterangan |\n|---|---|---|---|\n");
                for _ in 0..4 {
                    let _ = writeln!(
                        t,
                        "| {} | {} | {} | {} |",
                        rng.pick(WORDS),
                        rng.below(1000),
                        rng.below(1000),
                        rng.pick(WORDS)
                    );
                }
                let _ = writeln!(t, "\nSumber: Data sintetis.\n\nData lengkap ada pada @tbl-{c}-b.\n");
                let _ = writeln!(t, "![Data sintetis bab {c}](../figures/data{c}.csv){{#tbl-{c}-b}}\n");
            }
            _ => {}
        }
    }
    t
}

/// A Typst chapter using the template's API.
fn typst_chapter(rng: &mut Rng, c: usize, paragraphs: usize) -> String {
    let mut t = format!("#import \"/template/lib.typ\": *\n\n= Bab Sintetis Nomor {c} <bab-{c}>\n\n");
    let sections = (paragraphs / 6).max(2);
    for p in 0..paragraphs {
        if p % (paragraphs / sections).max(1) == 0 {
            let _ = writeln!(t, "== Bagian {} dari Bab {c}\n", p / (paragraphs / sections).max(1) + 1);
        }
        let mut sentences = prose(rng, PARAGRAPH_WORDS);
        let (a, b) = (rng.below(BIB_ENTRIES), rng.below(BIB_ENTRIES));
        let mid = sentences.len() / 2;
        sentences[mid].push_str(&format!(" #cite(<{}>, supplement: [hlm. {}])", key(a), 1 + rng.below(300)));
        let last = sentences.len() - 1;
        sentences[last].push_str(&format!(" #cite(<{}>)", key(b)));
        sentences[0].push_str(&format!("#footnote[{}]", prose(rng, 14).join(" ")));
        t.push_str(&sentences.join(" "));
        t.push_str("\n\n");
        match p % 9 {
            2 => {
                let _ = writeln!(t, "#kutipan[{}]\n", prose(rng, 60).join(" "));
            }
            4 => {
                for _ in 1..=3 {
                    let _ = writeln!(t, "- {}", sentence(rng, 9));
                }
                t.push('\n');
            }
            6 if p == 6 => {
                let _ = writeln!(
                    t,
                    "#gambar(\"/figures/grafik.png\", caption: [Grafik sintetis bab {c}], sumber: [Data sintetis.], lebar: 60%) <gbr-{c}-a>\n"
                );
                let _ = writeln!(t, "Seperti terlihat pada @gbr-{c}-a, {}\n", sentence(rng, 10).to_lowercase());
            }
            7 if p == 7 => {
                let _ = writeln!(
                    t,
                    "#tabel-csv(\"/figures/data{c}.csv\", caption: [Data sintetis bab {c}], sumber: [Data sintetis.]) <tbl-{c}-a>\n"
                );
                let _ = writeln!(t, "Data pada @tbl-{c}-a {}\n", sentence(rng, 10).to_lowercase());
            }
            _ => {}
        }
    }
    t
}

/// A CSV table of 12 rows.
fn csv_table(rng: &mut Rng) -> String {
    let mut t = String::from("Tahun,Bidang,Nilai,Catatan\n");
    for i in 0..12 {
        let _ = writeln!(t, "{},{},{},{}", 2008 + i, rng.pick(WORDS), rng.below(10_000), rng.pick(WORDS));
    }
    t
}

/// The 200-entry BibTeX file, as Zotero writes it.
fn bibliography(rng: &mut Rng) -> String {
    let mut t = String::new();
    for i in 0..BIB_ENTRIES {
        let family = rng.pick(FAMILIES);
        let given = rng.pick(GIVEN);
        let title: Vec<&str> = (0..6).map(|_| rng.pick(WORDS)).collect();
        let year = 1980 + rng.below(45);
        if i % 3 == 0 {
            let _ = writeln!(
                t,
                "@article{{{},\n  title = {{{}}},\n  author = {{{family}, {given}}},\n  journal = {{Jurnal Hubungan Internasional}},\n  volume = {{{}}},\n  pages = {{{}--{}}},\n  year = {{{year}}}\n}}\n",
                key(i),
                title.join(" "),
                1 + rng.below(20),
                1 + rng.below(100),
                101 + rng.below(100)
            );
        } else {
            let _ = writeln!(
                t,
                "@book{{{},\n  title = {{{}}},\n  author = {{{family}, {given}}},\n  publisher = {{Penerbit Sintetis}},\n  address = {{Yogyakarta}},\n  year = {{{year}}}\n}}\n",
                key(i),
                title.join(" ")
            );
        }
    }
    t
}

/// A simple SVG diagram (two boxes and an arrow).
fn svg_figure() -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" height=\"160\" viewBox=\"0 0 400 160\">\n\
     <rect x=\"20\" y=\"50\" width=\"120\" height=\"60\" fill=\"none\" stroke=\"black\"/>\n\
     <rect x=\"260\" y=\"50\" width=\"120\" height=\"60\" fill=\"none\" stroke=\"black\"/>\n\
     <line x1=\"140\" y1=\"80\" x2=\"260\" y2=\"80\" stroke=\"black\"/>\n\
     <text x=\"80\" y=\"85\" text-anchor=\"middle\" font-size=\"14\">Kabupaten</text>\n\
     <text x=\"320\" y=\"85\" text-anchor=\"middle\" font-size=\"14\">Kota</text>\n</svg>\n"
        .to_string()
}

/// A grey-gradient PNG (stored, uncompressed deflate) so no image crate is needed.
fn png_figure(w: u32, h: u32) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..h {
        raw.push(0);
        for x in 0..w {
            raw.push(((x * 255) / w) as u8);
            raw.push(((y * 255) / h) as u8);
            raw.push(160);
        }
    }
    let mut z = vec![0x78, 0x01];
    for (i, chunk) in raw.chunks(65_535).enumerate() {
        let last = (i + 1) * 65_535 >= raw.len();
        z.push(u8::from(last));
        z.extend((chunk.len() as u16).to_le_bytes());
        z.extend((!(chunk.len() as u16)).to_le_bytes());
        z.extend(chunk);
    }
    z.extend(adler32(&raw).to_be_bytes());
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    for (kind, data) in [(*b"IHDR", ihdr), (*b"IDAT", z), (*b"IEND", vec![])] {
        png.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(&data);
        png.extend(&body);
        png.extend(crc32(&body).to_be_bytes());
    }
    png
}

/// zlib's Adler-32 checksum.
fn adler32(data: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for &d in data {
        a = (a + u32::from(d)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// PNG's CRC-32.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}
