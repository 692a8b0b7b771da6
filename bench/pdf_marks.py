"""Marks a PDF the way a supervisor does in Acrobat, many times over, for bench/review_pdf.sh.

usage: python3 pdf_marks.py IN.pdf OUT.pdf --marks N

Spreads N marks over the pages from BAB I on, in turn: a highlight with a note, a strike-out, a
caret with inserted words, a sticky note, an underline with a note. Each is put on a word of
six letters or more that occurs once on its page (so where it lands is not in doubt), at most one
mark per line. Written with PyMuPDF as an incremental update, as Acrobat saves. Prints
"N marks on P pages".
"""

import argparse
import shutil

import pymupdf


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("src")
    ap.add_argument("dst")
    ap.add_argument("--marks", type=int, default=300)
    args = ap.parse_args()
    shutil.copyfile(args.src, args.dst)
    doc = pymupdf.open(args.dst)
    first = next(i for i, p in enumerate(doc) if p.get_text().lstrip().startswith("BAB I\n"))
    # Candidate words per page: (page, word rect), one per line, words unique on their page.
    per_page = []
    for i in range(first, len(doc)):
        page = doc[i]
        words = page.get_text("words")
        counts = {}
        for w in words:
            counts[w[4]] = counts.get(w[4], 0) + 1
        seen_lines = set()
        found = []
        for x0, y0, x1, y1, text, block, line, _ in words:
            if len(text) >= 6 and text.isalpha() and counts[text] == 1 and (block, line) not in seen_lines:
                seen_lines.add((block, line))
                found.append(pymupdf.Rect(x0, y0, x1, y1))
        if found:
            per_page.append((i, found))
    made, pages, turn = 0, set(), 0
    while made < args.marks:
        progressed = False
        for i, found in per_page:
            if made >= args.marks:
                break
            if turn >= len(found):
                continue
            progressed = True
            page, r = doc[i], found[turn]
            kind = made % 5
            if kind == 0:
                a = page.add_highlight_annot(r)
                a.set_info(content=f"perlu sumber ({made})")
            elif kind == 1:
                a = page.add_strikeout_annot(r)
            elif kind == 2:
                a = page.add_caret_annot(r.br)
                a.set_info(content="juga")
            elif kind == 3:
                a = page.add_text_annot(r.tl, f"jelaskan lebih lanjut ({made})")
            else:
                a = page.add_underline_annot(r)
                a.set_info(content=f"istilah ini ({made})")
            a.set_info(title="Dr. Pembimbing")
            a.update()
            made += 1
            pages.add(i)
        turn += 1
        if not progressed:
            break
    doc.saveIncr()
    print(f"{made} marks on {len(pages)} pages")


if __name__ == "__main__":
    main()
