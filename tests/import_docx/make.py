#!/usr/bin/env python3
"""Makes the Word draft of tests/import_docx.rs (issue 21) the way a student's draft is made.

1. LibreOffice Writer (headless, `soffice --convert-to docx`, on a private throw-away profile)
   writes the document from an OpenDocument flat XML text written here: a cover, a table of
   contents, BAB I with Heading 1-3 styles, a typed (bold) sub-heading, bold/italic/super/
   subscript runs, footnotes, an indented quotation, bulleted and numbered lists, a table, a table
   with merged cells, an image with its "Gambar 1.1" caption and "Sumber:" line, BAB II typed as
   "BAB II" and "TINJAUAN PUSTAKA" lines, and a typed DAFTAR PUSTAKA. LibreOffice writes all the
   WordprocessingML.
2. python-docx then puts citation fields where the markers [[Z1]] ... stand, exactly as the plug-ins
   write them into Word: Zotero's `ADDIN ZOTERO_ITEM CSL_CITATION {json}` (instruction split over
   several runs of at most 255 characters, as Word stores long instructions; one as w:fldSimple),
   Mendeley Desktop's `ADDIN CSL_CITATION { "citationItems" : [ ... ] ... }` (its spaced JSON with
   a "mendeley" object), each with the displayed result a plug-in leaves ("(Jatmika 2001, 12)").

Usage: make.py OUT_DIR   (writes OUT_DIR/draft.docx, the same as draft.doc (Word 97-2003) and
draft.odt, and OUT_DIR/gambar.png; exit 1 with one line
on failure). Needs soffice (libreoffice-writer-nogui) and python-docx (pip install python-docx).

       make.py --python-docx OUT_DIR   writes OUT_DIR/pydocx.docx and OUT_DIR/gambar.png with
python-docx alone, as Word's own styles make a document: Title and Heading styles (outline levels
in the styles), List Bullet / List Number (numbering in the style), a table with merged cells made
by merging cells (gridSpan, vMerge), a picture, typed "BAB I" and "NIM:" lines, citation fields
and a Zotero bibliography field spanning several paragraphs.
"""

import base64
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

# The works cited, as CSL-JSON (what the plug-ins embed in each field's itemData).
JATMIKA = {"id": 101, "type": "book", "title": "Otonomi Daerah Perspektif Hubungan Internasional",
           "publisher": "Bigraf Publishing", "publisher-place": "Yogyakarta",
           "author": [{"family": "Jatmika", "given": "Sidik"}], "issued": {"date-parts": [["2001"]]}}
MUKTI_BOOK = {"id": 102, "type": "book", "title": "Paradiplomacy: Kerjasama Luar Negeri oleh Pemda di Indonesia",
              "publisher": "The Phinisi Press", "publisher-place": "Yogyakarta",
              "author": [{"family": "Mukti", "given": "Takdir Ali"}], "issued": {"date-parts": [["2013"]]}}
MUKTI_ARTICLE = {"id": 103, "type": "article-journal", "title": "Paradiplomacy and Local Government",
                 "container-title": "Jurnal Hubungan Internasional", "volume": "2", "issue": "1", "page": "1-20",
                 "author": [{"family": "Mukti", "given": "Takdir Ali"}], "issued": {"date-parts": [[2013, 6]]}}
HOLSTI = {"id": "ITEM-1", "type": "book", "title": "Politik Internasional: Kerangka untuk Analisis",
          "publisher": "Erlangga", "publisher-place": "Jakarta",
          "author": [{"dropping-particle": "", "family": "Holsti", "given": "K. J.", "non-dropping-particle": "",
                      "parse-names": False, "suffix": ""}],
          "issued": {"date-parts": [["1998"]]}}
MASOED = {"id": 104, "type": "book", "title": "Ilmu Hubungan Internasional: Disiplin dan Metodologi",
          "publisher": "LP3ES", "publisher-place": "Jakarta",
          "author": [{"family": "Mas'oed", "given": "Mohtar"}], "issued": {"date-parts": [["1994"]]}}

PNG_W, PNG_H = 16, 8


def png():
    """A small red and blue PNG."""
    rows = b"".join(b"\x00" + b"".join(b"\xcc\x22\x22" if x < PNG_W // 2 else b"\x22\x22\xcc" for x in range(PNG_W))
                    for _ in range(PNG_H))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", PNG_W, PNG_H, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def p(text, style="Standard"):
    return f'<text:p text:style-name="{style}">{text}</text:p>'


def note(n, text):
    return (f'<text:note text:id="ftn{n}" text:note-class="footnote"><text:note-citation>{n}</text:note-citation>'
            f'<text:note-body><text:p text:style-name="Footnote">{text}</text:p></text:note-body></text:note>')


def fodt(image):
    b = '<text:span text:style-name="B">{}</text:span>'.format
    i = '<text:span text:style-name="I">{}</text:span>'.format
    sup = '<text:span text:style-name="Sup">{}</text:span>'.format
    sub = '<text:span text:style-name="Sub">{}</text:span>'.format
    h = lambda level, text: f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}">{text}</text:h>'
    cell = lambda text, span=1: (f'<table:table-cell table:number-columns-spanned="{span}" office:value-type="string">'
                                 f'{p(text)}</table:table-cell>' + '<table:covered-table-cell/>' * (span - 1))
    row = lambda *cells: '<table:table-row>' + ''.join(cells) + '</table:table-row>'
    body = [
        p("PROPOSAL TESIS", "Center"), p("", "Center"),
        p("KEBIJAKAN PEMERINTAH DAERAH DALAM PENATAAN KERJASAMA INTERNASIONAL", "Center"),
        p("(Studi Kasus: Sister City Kabupaten Bogor dengan Nanning)", "Center"), p("", "Center"),
        p("Disusun oleh:", "Center"), p("", "Center"),
        p("RINA MAHASISWI", "Center"), p("(20231060077)", "Center"), p("", "Center"),
        p("Pembimbing: Dr. Ahmad Sahide, M.A.", "Center"), p("", "Center"),
        p("PROGRAM STUDI MAGISTER ILMU HUBUNGAN INTERNASIONAL", "Center"),
        p("UNIVERSITAS MUHAMMADIYAH YOGYAKARTA", "Center"), p("TAHUN AKADEMIK 2024/2025", "Center"),
        '<text:table-of-content text:name="Daftar Isi"><text:table-of-content-source text:outline-level="3">'
        '<text:index-title-template>DAFTAR ISI</text:index-title-template></text:table-of-content-source>'
        '<text:index-body><text:index-title text:name="Daftar Isi_Head">' + p("DAFTAR ISI", "Contents_20_Heading") +
        '</text:index-title>' + p("BAB I PENDAHULUAN\t1", "Contents_20_1") + p("A. Latar Belakang\t1", "Contents_20_2") +
        '</text:index-body></text:table-of-content>',
        h(1, "BAB I PENDAHULUAN"),
        h(2, "A. Latar Belakang"),
        p("Kerja sama " + i("sister city") + " dipelajari sejak lama [[Z1]]. Paradiplomasi adalah " + b("kegiatan luar negeri")
          + " pemerintah daerah" + note(1, "Lihat juga situs resmi Kabupaten Bogor, www.bogorkab.go.id.")
          + " dengan luas 2.710 km" + sup("2") + " dan emisi CO" + sub("2") + " yang tercatat [[M1]]."),
        p("Wolff menulis bahwa kerja sama daerah makin penting [[Z2]], sama seperti kajian lain [[Z3]]."
          + note(2, "Tentang paradiplomasi, bandingkan dengan " + i("constituent diplomacy") + ".")),
        p("Paradiplomasi adalah keterlibatan pemerintah sub-nasional dalam hubungan internasional melalui pembentukan "
          "kontak formal maupun informal, permanen maupun ad hoc, dengan entitas asing, dengan tujuan mempromosikan "
          "hasil sosial ekonomi atau politik, serta dimensi lain dari kompetensi konstitusionalnya sendiri.", "Quote"),
        h(2, "Rumusan Masalah"),
        p("Pertanyaan penelitian ini adalah sebagai berikut [[ZS]]:"),
        '<text:list text:style-name="Num">' + ''.join(f'<text:list-item>{p(t, "List")}</text:list-item>' for t in
                                                      ["Bagaimana kebijakan daerah disusun?", "Apa hasil kerja samanya?"]) + '</text:list>',
        h(3, "Konsep Otonomi Daerah"),
        p(b("a. Dokumen Resmi")),
        p("Sumber data penelitian ini meliputi:"),
        '<text:list text:style-name="Bul">' + ''.join(f'<text:list-item>{p(t, "List")}</text:list-item>' for t in
                                                      ["dokumen kerja sama,", "wawancara."]) + '</text:list>',
        p("Tabel 1.1 Kunjungan Delegasi"),
        '<table:table table:name="T1"><table:table-column table:number-columns-repeated="2"/>'
        + row(cell("Tahun"), cell("Kunjungan")) + row(cell("2010"), cell("3")) + row(cell("2011"), cell("5"))
        + '</table:table>',
        p("Tabel 1.2 Anggaran Kerja Sama"),
        '<table:table table:name="T2"><table:table-column table:number-columns-repeated="3"/>'
        + row(cell("Bidang"), cell("Anggaran", 2)) + row(cell(""), cell("2010"), cell("2011"))
        + row(cell("Pendidikan"), cell("10"), cell("12")) + '</table:table>',
        p('<draw:frame draw:name="Peta" text:anchor-type="as-char" svg:width="4cm" svg:height="2cm">'
          f'<draw:image><office:binary-data>{image}</office:binary-data></draw:image></draw:frame>', "Center"),
        p("Gambar 1.1 Peta Kabupaten Bogor", "Center"),
        p("Sumber: Bappeda Kabupaten Bogor, 2015."),
        p("BAB II", "Center"), p("TINJAUAN PUSTAKA", "Center"),
        p("Kajian terdahulu membahas otonomi daerah [[Z4]]."),
        h(1, "DAFTAR PUSTAKA"),
        p("Jatmika, Sidik. 2001. Otonomi Daerah Perspektif Hubungan Internasional. Yogyakarta: Bigraf Publishing."),
        p("Holsti, K. J. 1998. Politik Internasional. Jakarta: Erlangga."),
        p("Rosenau, James. 1990. Turbulence in World Politics. Princeton: Princeton University Press."),
    ]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
            'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
            'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
            'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
            'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
            'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
            'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
            'xmlns:xlink="http://www.w3.org/1999/xlink" '
            'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">'
            '<office:styles>'
            '<style:style style:name="Standard" style:family="paragraph"/>'
            '<style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard"/>'
            + ''.join(f'<style:style style:name="Heading_20_{n}" style:display-name="Heading {n}" style:family="paragraph" '
                      f'style:parent-style-name="Heading" style:default-outline-level="{n}"/>' for n in (1, 2, 3)) +
            '<style:style style:name="Quote" style:display-name="Quotations" style:family="paragraph">'
            '<style:paragraph-properties fo:margin-left="1.5cm" fo:margin-right="1.5cm"/></style:style>'
            '<style:style style:name="Center" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>'
            '<style:style style:name="List" style:family="paragraph"/>'
            '<style:style style:name="Footnote" style:family="paragraph"/>'
            '<style:style style:name="Contents_20_Heading" style:display-name="Contents Heading" style:family="paragraph"/>'
            '<style:style style:name="Contents_20_1" style:display-name="Contents 1" style:family="paragraph"/>'
            '<style:style style:name="Contents_20_2" style:display-name="Contents 2" style:family="paragraph"/>'
            '<text:list-style style:name="Bul"><text:list-level-style-bullet text:level="1" text:bullet-char="•"/></text:list-style>'
            '<text:list-style style:name="Num"><text:list-level-style-number text:level="1" style:num-format="1" style:num-suffix="."/></text:list-style>'
            '</office:styles><office:automatic-styles>'
            '<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>'
            '<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>'
            '<style:style style:name="Sup" style:family="text"><style:text-properties style:text-position="super 58%"/></style:style>'
            '<style:style style:name="Sub" style:family="text"><style:text-properties style:text-position="sub 58%"/></style:style>'
            '</office:automatic-styles><office:body><office:text>' + ''.join(body) +
            '</office:text></office:body></office:document>')


def zotero(items, formatted, note_index=0):
    """The instruction Zotero's Word plug-in writes (compact JSON)."""
    data = {"citationID": "a1b2c3d4", "properties": {"formattedCitation": formatted, "plainCitation": formatted,
                                                     "noteIndex": note_index},
            "citationItems": [dict({"id": it["id"], "uris": [f"http://zotero.org/users/local/AbCdEf/items/K{it['id']}"],
                                    "itemData": it}, **extra) for it, extra in items],
            "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    return "ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def spaced(value):
    """JSON as Mendeley Desktop writes it: `{ "key" : value, ... }`, `[ a, b ]`."""
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} : {spaced(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[ " + ", ".join(spaced(v) for v in value) + " ]"
    return json.dumps(value, ensure_ascii=False)


def mendeley(item, locator, formatted):
    """The instruction Mendeley Desktop's Word plug-in writes."""
    data = {"citationItems": [{"id": "ITEM-1", "itemData": item, "locator": locator,
                               "uris": ["http://www.mendeley.com/documents/?uuid=5c3f0f8e-2a4b-4d8e-9a51-0f3d2c1b7e6a"]}],
            "mendeley": {"formattedCitation": formatted, "plainTextFormattedCitation": formatted,
                         "previouslyFormattedCitation": formatted},
            "properties": {"noteIndex": 0},
            "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
    return "ADDIN CSL_CITATION " + spaced(data)


FIELDS = {
    "[[Z1]]": (zotero([(JATMIKA, {"locator": "12", "label": "page"})], "(Jatmika 2001, 12)"), "(Jatmika 2001, 12)", False),
    "[[M1]]": (mendeley(HOLSTI, "89", "(Holsti, 1998)"), "(Holsti, 1998)", False),
    "[[Z2]]": (zotero([(MUKTI_BOOK, {"locator": "31", "label": "page"}), (JATMIKA, {})],
                      "(Mukti 2013, 31; Jatmika 2001)"), "(Mukti 2013, 31; Jatmika 2001)", False),
    "[[Z3]]": (zotero([(MUKTI_ARTICLE, {"locator": "5-7", "label": "page"})], "(Mukti 2013a, 5–7)"), "(Mukti 2013a, 5–7)", False),
    "[[ZS]]": (zotero([(MASOED, {})], "(Mas’oed 1994)"), "(Mas’oed 1994)", True),
    "[[Z4]]": (zotero([(JATMIKA, {"locator": "40", "label": "page"})], "(Jatmika 2001, 40)"), "(Jatmika 2001, 40)", False),
}


def put_fields(path):
    import docx  # python-docx
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(path)
    w = nsdecls("w")
    esc = lambda s: s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    attr_esc = lambda s: esc(s).replace('"', "&quot;")
    found = set()
    paragraphs = list(document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for c in row.cells:
                paragraphs.extend(c.paragraphs)
    def next_marker(para):
        for run in para.runs:
            for marker in FIELDS:
                if marker in run.text:
                    return run, marker
        return None

    for para in paragraphs:
        while (hit := next_marker(para)) is not None:
            run, marker = hit
            instr, shown, simple = FIELDS[marker]
            if True:
                found.add(marker)
                before, after = run.text.split(marker, 1)
                run.text = before
                if simple:
                    xml = [f'<w:fldSimple {w} w:instr=" {attr_esc(instr)} "><w:r><w:t xml:space="preserve">{esc(shown)}</w:t></w:r></w:fldSimple>']
                else:
                    instr = f" {instr} "
                    pieces = [instr[k:k + 255] for k in range(0, len(instr), 255)]
                    xml = ([f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>']
                           + [f'<w:r {w}><w:instrText xml:space="preserve">{esc(piece)}</w:instrText></w:r>' for piece in pieces]
                           + [f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>',
                              f'<w:r {w}><w:rPr><w:noProof/></w:rPr><w:t xml:space="preserve">{esc(shown)}</w:t></w:r>',
                              f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>'])
                anchor = run._r
                for x in xml:
                    element = parse_xml(x)
                    anchor.addnext(element)
                    anchor = element
                if after:
                    tail = parse_xml(f'<w:r {w}><w:t xml:space="preserve">{esc(after)}</w:t></w:r>')
                    anchor.addnext(tail)
    missing = set(FIELDS) - found
    if missing:
        raise SystemExit(f"make.py: markers not found in LibreOffice's document: {sorted(missing)}")
    document.save(path)


def field_runs(paragraph, instr, shown, begin=True, end=True):
    """Appends a complex field (begin, instruction in <=255-character runs, separate, result,
    end) to a python-docx paragraph; `begin`/`end` False leave it open or continue one."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    w = nsdecls("w")
    esc = lambda t: t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    xml = []
    if begin:
        instr = f" {instr} "
        xml += [f'<w:r {w}><w:fldChar w:fldCharType="begin"/></w:r>']
        xml += [f'<w:r {w}><w:instrText xml:space="preserve">{esc(instr[k:k + 255])}</w:instrText></w:r>'
                for k in range(0, len(instr), 255)]
        xml += [f'<w:r {w}><w:fldChar w:fldCharType="separate"/></w:r>']
    xml += [f'<w:r {w}><w:t xml:space="preserve">{esc(shown)}</w:t></w:r>']
    if end:
        xml += [f'<w:r {w}><w:fldChar w:fldCharType="end"/></w:r>']
    for x in xml:
        paragraph._p.append(parse_xml(x))


def python_docx(out):
    """The draft written by python-docx alone."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    document = docx.Document()
    for text in ["PROPOSAL TESIS", "PERAN DIASPORA DALAM DIPLOMASI PUBLIK",
                 "(Studi Kasus: Diaspora Indonesia di Belanda)", "", "Disusun oleh:", "",
                 "BUDI SANTOSO", "NIM: 20221060011", "", "Dosen Pembimbing: Prof. Dr. Tulus Warsito, M.Si.", "",
                 "PROGRAM STUDI MAGISTER ILMU HUBUNGAN INTERNASIONAL", "UNIVERSITAS MUHAMMADIYAH YOGYAKARTA"]:
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.CENTER
    bab = document.add_paragraph()
    bab.add_run("BAB I").bold = True
    title = document.add_paragraph()
    title.add_run("PENDAHULUAN").bold = True
    document.add_heading("Latar Belakang", level=2)
    para = document.add_paragraph("Diaspora berperan dalam diplomasi publik ")
    field_runs(para, zotero([(JATMIKA, {"locator": "7", "label": "page"})], "(Jatmika 2001, 7)"), "(Jatmika 2001, 7)")
    para.add_run(" dan menurut Holsti ")
    field_runs(para, mendeley(HOLSTI, "12", "(Holsti, 1998)"), "(Holsti, 1998)")
    para.add_run(".")
    document.add_paragraph("Bentuk kegiatan diaspora:")
    document.add_paragraph("pertunjukan budaya,", style="List Bullet")
    document.add_paragraph("forum bisnis.", style="List Bullet")
    document.add_paragraph("Langkah penelitian:")
    document.add_paragraph("mengumpulkan data;", style="List Number")
    document.add_paragraph("menganalisis data.", style="List Number")
    document.add_heading("Rumusan Masalah", level=2)
    document.add_paragraph("Tabel 1.1 Jumlah Diaspora")
    table = document.add_table(rows=3, cols=3)
    cells = [["Wilayah", "Jumlah", ""], ["", "2020", "2021"], ["Belanda", "1.700", "1.750"]]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    document.add_picture(os.path.join(out, "gambar.png"), width=Cm(4))
    document.add_paragraph("Gambar 1.1 Sebaran Diaspora")
    document.add_paragraph("Sumber: KBRI Den Haag, 2021.")
    document.add_heading("BAB II TINJAUAN PUSTAKA", level=1)
    document.add_heading("Diplomasi Publik", level=2)
    document.add_heading("Konsep Diaspora", level=3)
    document.add_paragraph("Kajian diaspora berkembang pesat.")
    document.add_heading("DAFTAR PUSTAKA", level=1)
    first = document.add_paragraph()
    field_runs(first, 'ADDIN ZOTERO_BIBL {"uncited":[],"omitted":[],"custom":[]} CSL_BIBLIOGRAPHY',
               "Holsti, K. J. 1998. Politik Internasional. Jakarta: Erlangga.", end=False)
    last = document.add_paragraph()
    last.add_run("Jatmika, Sidik. 2001. Otonomi Daerah Perspektif Hubungan Internasional. Yogyakarta: Bigraf Publishing.")
    last._p.append(__import__("docx.oxml", fromlist=["parse_xml"]).parse_xml(
        '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:fldChar w:fldCharType="end"/></w:r>'))
    document.save(os.path.join(out, "pydocx.docx"))


def main(argv):
    if len(argv) == 3 and argv[1] == "--python-docx":
        out = os.path.abspath(argv[2])
        os.makedirs(out, exist_ok=True)
        with open(os.path.join(out, "gambar.png"), "wb") as f:
            f.write(png())
        python_docx(out)
        return 0
    if len(argv) != 2:
        print("usage: make.py OUT_DIR", file=sys.stderr)
        return 2
    out = os.path.abspath(argv[1])
    os.makedirs(out, exist_ok=True)
    image = png()
    with open(os.path.join(out, "gambar.png"), "wb") as f:
        f.write(image)
    work = tempfile.mkdtemp(prefix="tesis-import-docx-")
    try:
        src = os.path.join(work, "draft.fodt")
        with open(src, "w", encoding="utf-8") as f:
            f.write(fodt(base64.b64encode(image).decode()))
        soffice = shutil.which("soffice") or shutil.which("libreoffice")
        if soffice is None:
            print("make.py: soffice is not installed (install libreoffice-writer-nogui)", file=sys.stderr)
            return 1
        profile = "file://" + os.path.join(work, "profile")
        run = subprocess.run([soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
                              "--convert-to", "docx:MS Word 2007 XML", "--outdir", out, src],
                             capture_output=True, timeout=180, start_new_session=True)
        target = os.path.join(out, "draft.docx")
        if run.returncode != 0 or not os.path.isfile(target):
            print(f"make.py: LibreOffice did not write draft.docx: {run.stderr.decode(errors='replace').strip()}",
                  file=sys.stderr)
            return 1
        put_fields(target)
        # The same draft as Word 97-2003 and OpenDocument, which tesis import refuses.
        for fmt in ["doc:MS Word 97", "odt:writer8"]:
            subprocess.run([soffice, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
                            "--convert-to", fmt, "--outdir", out, src],
                           capture_output=True, timeout=180, start_new_session=True)
            ext = fmt.split(":")[0]
            if not os.path.isfile(os.path.join(out, f"draft.{ext}")):
                print(f"make.py: LibreOffice did not write draft.{ext}", file=sys.stderr)
                return 1
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
