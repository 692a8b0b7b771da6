#!/usr/bin/env python3
"""P4's LaTeX side: the Markdown chapters of a tesis project as one XeLaTeX document.

Usage: bench/latex.py PROJECT   (writes PROJECT/latex/main.tex and one .tex per chapter)

Pandoc converts each chapter (`--natbib`: `[@key, hlm. 12]` becomes `\\citep[hlm. 12]{key}`,
typeset here as a footnote, as Chicago notes are; BibTeX with plainnat builds the list).
biblatex and biber would be closer to Chicago but are not in Debian's base TeX Live packages,
and BibTeX is the faster of the two, so the comparison does not favour tesis. Before pandoc, what
only tesis understands is put in plain Markdown/LaTeX, keeping the same content:
  - a CSV table (`![Caption](../figures/x.csv){#tbl-x}`) becomes a pipe table of the CSV's rows,
  - `@gbr-x`, `@tbl-x`, `@bab-x` become `\\ref{…}`, and table ids a `\\label` in the caption,
  - the SVG figure is replaced by the PNG one (SVG needs Inkscape in LaTeX); same box size.
The document has the same page geometry, font, size and spacing as the template (F1–F4), a
table of contents and the bibliography; the front-matter pages are left out.
"""

import csv
import os
import re
import subprocess
import sys

PREAMBLE = r"""\documentclass[12pt,a4paper]{report}
\usepackage[top=4cm,left=4cm,bottom=3cm,right=3cm]{geometry}
\usepackage{fontspec}
\setmainfont{Liberation Serif}
\usepackage{setspace}
\onehalfspacing
\usepackage{graphicx,longtable,booktabs,array,calc,etoolbox,csquotes}
\makeatletter
\def\maxwidth{\ifdim\Gin@nat@width>\linewidth\linewidth\else\Gin@nat@width\fi}
\makeatother
\setkeys{Gin}{width=\maxwidth,keepaspectratio}
\providecommand{\tightlist}{\setlength{\itemsep}{0pt}\setlength{\parskip}{0pt}}
\usepackage[authoryear,round]{natbib}
\let\natcitep\citep
\renewcommand{\citep}[2][]{\footnote{\citealp[#1]{#2}.}}
\usepackage{hyperref}
\begin{document}
\tableofcontents
"""


def csv_table(match, folder):
    """A pipe table of a CSV file, with its caption and label."""
    caption, path, ident = match.group(1), match.group(2), match.group(3)
    with open(os.path.join(folder, path), newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    out = [f"Table: {caption} \\label{{{ident}}}", ""]
    out.append("| " + " | ".join(rows[0]) + " |")
    out.append("|" + "---|" * len(rows[0]))
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out) + "\n"


def plain_markdown(text, folder):
    """The chapter in Markdown pandoc understands, with the same content."""
    text = re.sub(r"!\[([^\]]*)\]\(([^)]+\.csv)\)\{#([\w:.-]+)[^}]*\}", lambda m: csv_table(m, folder), text)
    text = re.sub(r"^(Table: .*?)[ \t]*\{#([\w:.-]+)[^}]*\}[ \t]*$", r"\1 \\label{\2}", text, flags=re.M)
    text = re.sub(r"@((?:gbr|tbl|bab)-[\w:-]*\w)", r"\\ref{\1}", text)
    return text.replace("diagram.svg", "grafik.png")


def main():
    project = os.path.abspath(sys.argv[1])
    thesis, latex = os.path.join(project, "thesis"), os.path.join(project, "latex")
    os.makedirs(latex, exist_ok=True)
    chapters = []
    with open(os.path.join(thesis, "thesis.yaml"), encoding="utf-8") as f:
        inside = False
        for line in f:
            if re.match(r"^bab\s*:", line):
                inside = True
            elif inside and (m := re.match(r"^\s+-\s+(\S+\.md)", line)):
                chapters.append(m.group(1))
            elif inside and line.strip() and not line.startswith(" "):
                break
    for name in chapters:
        with open(os.path.join(thesis, name), encoding="utf-8") as f:
            md = plain_markdown(f.read(), thesis)
        tex = os.path.join(latex, name[:-3] + ".tex")
        subprocess.run(
            ["pandoc", "-f", "markdown", "-t", "latex", "--natbib", "--top-level-division=chapter", "-o", tex],
            input=md.encode(), check=True, cwd=thesis,
        )
    with open(os.path.join(thesis, "pustaka.bib"), "rb") as src, open(os.path.join(latex, "pustaka.bib"), "wb") as dst:
        dst.write(src.read())
    with open(os.path.join(latex, "main.tex"), "w", encoding="utf-8") as f:
        f.write(PREAMBLE)
        for name in chapters:
            f.write(f"\\input{{{name[:-3]}.tex}}\n")
        f.write("\\bibliographystyle{plainnat}\n\\bibliography{pustaka}\n\\end{document}\n")


if __name__ == "__main__":
    main()
