use super::*;
use crate::review::model::{Block, BlockKind};
use crate::revise::criticmarkup::{Decision, resolve};

/// A block whose text is `text` of `file` from byte `at` on, char by char, except the chars of
/// `generated` (by char index) which the template made.
fn block(file: &str, source: &str, at: usize, text: &str, generated: Range<usize>) -> Block {
    let mut sources = Vec::new();
    let mut byte = at;
    for (i, c) in text.chars().enumerate() {
        if generated.contains(&i) {
            sources.push(None);
        } else {
            assert!(source[byte..].starts_with(c), "{c} at {byte}");
            sources.push(Some(byte));
            byte += c.len_utf8();
        }
    }
    Block {
        anchor: "_tesis_0".into(),
        kind: BlockKind::Paragraph,
        file: Some(PathBuf::from(file)),
        text: text.into(),
        sources,
    }
}

fn edit(block: usize, range: Range<usize>, new: &str) -> Item {
    Item { block, range, what: What::Edit { new: new.into() }, author: "Dr. Budi".into() }
}

#[test]
fn markdown_gets_criticmarkup_and_accept_gives_the_edited_text() {
    let md = "# BAB I\n\nKota besar itu sangat ramai sekali.\n";
    let at = md.find("Kota").unwrap();
    let text = "Kota besar itu sangat ramai sekali.";
    let model = ExportModel { blocks: vec![block("/p/bab1.md", md, at, text, 0..0)], ..Default::default() };
    let sources: Sources = [(PathBuf::from("/p/bab1.md"), md.to_string())].into();
    let items = vec![
        edit(0, 5..10, "kecil"),
        edit(0, 28..34, ""),
        edit(0, 15..15, "memang "),
        Item {
            block: 0,
            range: 0..4,
            what: What::Comment { text: "Dr. Budi: kota mana? — Andi: Yogyakarta.".into() },
            author: "Dr. Budi".into(),
        },
    ];
    let plan = place(&model, &sources, &items);
    let (_, new) = &plan.files[Path::new("/p/bab1.md")];
    assert_eq!(
        new,
        "# BAB I\n\n{==Kota==}{>>Dr. Budi: kota mana? — Andi: Yogyakarta.<<} {~~besar~>kecil~~} itu {++memang ++}sangat ramai {--sekali--}.\n"
    );
    assert_eq!(resolve(new, Decision::Accept), "# BAB I\n\nKota kecil itu memang sangat ramai .\n");
    assert_eq!(resolve(new, Decision::Reject), md);
}

#[test]
fn typst_gets_the_template_marks() {
    let typ = "#import \"/template/lib.typ\": *\n= Judul\nTeks *tebal* biasa di sini.\n";
    let at = typ.find("Teks").unwrap();
    // "Teks tebal biasa di sini." with the markup stars not shown.
    let text = "Teks tebal biasa di sini.";
    let mut b = block("/p/bab2.typ", typ, at, "Teks ", 0..0);
    let rest = typ.find("tebal").unwrap();
    b.text = text.into();
    b.sources.extend((0..5).map(|i| Some(rest + i)));
    let after = typ.find(" biasa").unwrap();
    b.sources.extend((0..15).map(|i| Some(after + i)));
    let model = ExportModel { blocks: vec![b], ..Default::default() };
    let sources: Sources = [(PathBuf::from("/p/bab2.typ"), typ.to_string())].into();
    let items = vec![edit(0, 11..16, "lazim"), edit(0, 0..10, "Kata")];
    let plan = place(&model, &sources, &items);
    let (_, new) = &plan.files[Path::new("/p/bab2.typ")];
    assert!(new.contains("#ganti[biasa][lazim]"), "{new}");
    // "Teks tebal" crosses the *…* markup: a comment instead, nothing lost.
    assert!(new.contains("#catatan[Dr. Budi: mengganti «Teks tebal» menjadi «Kata»"), "{new}");
    let placed = &plan.placed[Path::new("/p/bab2.typ")];
    assert!(placed.iter().any(|(p, _)| matches!(p, Placed::AsComment(r) if r.contains("markup"))), "{placed:?}");
    assert_eq!(
        typmarks::resolve(new, Decision::Accept),
        "#import \"/template/lib.typ\": *\n= Judul\nTeks *tebal* lazim di sini.\n"
    );
    assert_eq!(typmarks::resolve(new, Decision::Reject), typ);
}

#[test]
fn edits_on_generated_text_become_comments_nearby() {
    let md = "Menurut Jatmika [@jatmika2001], daerah berperan.\n";
    // Exported: "Menurut Jatmika (Jatmika 2001), daerah berperan." — the citation is generated.
    let text = "Menurut Jatmika (Jatmika 2001), daerah berperan.";
    let mut b = block("/p/bab1.md", md, 0, "Menurut Jatmika ", 0..0);
    b.text = text.into();
    b.sources.extend(std::iter::repeat_n(None, 14));
    let tail = md.find(", daerah").unwrap();
    b.sources.extend((0..18).map(|i| Some(tail + i)));
    let front = Block {
        anchor: "_tesis_1".into(),
        kind: BlockKind::Heading,
        file: None,
        text: "ABSTRAK".into(),
        sources: vec![None; 7],
    };
    let model = ExportModel { blocks: vec![b, front], ..Default::default() };
    let sources: Sources = [(PathBuf::from("/p/bab1.md"), md.to_string())].into();
    let plan = place(&model, &sources, &[edit(0, 25..29, "2002"), edit(1, 0..7, "INTISARI")]);
    let (_, new) = &plan.files[Path::new("/p/bab1.md")];
    assert!(
        new.starts_with("Menurut Jatmika {>>Dr. Budi: mengganti «2001» menjadi «2002» (it is on text tesis generates"),
        "{new}"
    );
    assert!(
        new.contains(
            "{>>Dr. Budi: mengganti «ABSTRAK» menjadi «INTISARI» (it is on text tesis generates (from thesis.yaml"
        ),
        "{new}"
    );
    assert_eq!(resolve(new, Decision::Accept), md);
    assert!(plan.unplaced.is_empty());
}
