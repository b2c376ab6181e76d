"""The faces and the split of text by script; reportlab used through its public API alone."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import reportlab

from articles.pdf import fonts

PDF_PACKAGE = Path(fonts.__file__).resolve().parent
ROOT = PDF_PACKAGE.parent.parent

SNAPSHOT = r"""
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cco_council.settings")
os.environ["DEBUG"] = "1"
import reportlab.lib.rl_accel, reportlab.pdfbase.pdfdoc, reportlab.pdfbase.pdfmetrics
import reportlab.pdfbase.ttfonts, reportlab.pdfgen.canvas, reportlab.pdfgen.textobject
import reportlab.platypus.paragraph, reportlab.rl_config
from io import BytesIO
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate

# reportlab sets some of its module state itself on first use: a plain build first.
style = getSampleStyleSheet()["BodyText"]
SimpleDocTemplate(BytesIO()).build([Paragraph("<b>x</b> <i>y</i>", style)])


def snapshot():
    return {
        name: {key: id(value) for key, value in vars(module).items()}
        for name, module in list(sys.modules.items())
        if name.startswith("reportlab")
    }


before = snapshot()
import django

django.setup()
from articles.pdf.document import ItemDoc, render_item

body = "<p>Latin \u0644\u064a\u0644\u0649 \u738b \u0e2a\u0e21 \u092a\u094d\u0930 \U0001f680</p>"
render_item(ItemDoc(title="t", kind_label="Article", body_html=body), site_url="https://x.org")
after = snapshot()
for module, attributes in sorted(before.items()):
    for key, value in sorted(attributes.items()):
        if after[module].get(key) != value:
            print(f"{module}.{key}")
"""


def test_building_a_pdf_changes_no_attribute_of_any_reportlab_module():
    # A fresh interpreter, so that reportlab is seen before our code first touches it.
    result = subprocess.run(
        [sys.executable, "-c", SNAPSHOT], capture_output=True, text=True, cwd=ROOT, check=True
    )

    assert result.stdout.splitlines() == []


def _private_names_reportlab_defines() -> set[str]:
    names = set()
    for path in Path(reportlab.__file__).parent.rglob("*.py"):
        names.update(re.findall(r"\b(_[A-Za-z]\w*)\b", path.read_text(errors="replace")))
    return {name for name in names if not name.startswith("__")}


def test_pdf_modules_read_or_set_no_private_name_of_reportlab():
    reportlab_private = _private_names_reportlab_defines()
    found = []
    for path in sorted(PDF_PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("reportlab"):
                found += [f"{path.name}: import {a.name}" for a in node.names if a.name[0] == "_"]
            # Any ._name we use, on any object, must not be one reportlab has (a name of our
            # own that reportlab also used would quietly overwrite its state).
            if isinstance(node, ast.Attribute) and node.attr in reportlab_private:
                found.append(f"{path.name}:{node.lineno}: .{node.attr}")

    assert found == []


def test_split_runs_latin_text_is_one_run_in_the_base_family():
    assert fonts.split_runs("Łódź, Ελληνικά, Кириллица") == [("Łódź, Ελληνικά, Кириллица", None)]


def test_split_runs_gives_each_script_its_face_and_keeps_spaces_inside_a_run():
    runs = fonts.split_runs("CCO ليلى حداد, 王小明 and 山田の本 \U0001f680!")

    assert runs == [
        ("CCO ", None),
        ("ليلى حداد", fonts.ARABIC),
        (", ", None),
        ("王小明", fonts.JAPANESE),  # kana in the same string: a Japanese text
        (" and ", None),
        ("山田の本", fonts.JAPANESE),
        (" ", None),
        ("\U0001f680", fonts.EMOJI),
        ("!", None),
    ]


def test_split_runs_a_shaped_face_takes_the_punctuation_around_its_word():
    assert fonts.split_runs("(สมชาย), ok") == [("(สมชาย),", fonts.THAI), (" ok", None)]


def test_markup_escapes_every_run_and_names_only_our_faces():
    assert fonts.markup("<b>&amp; ליה</b>") == (
        '&lt;b&gt;&amp;amp; <font face="CCOHebrew">ליה</font>&lt;/b&gt;'
    )


def test_plain_keeps_every_script_and_drops_controls():
    assert fonts.plain("ليلى\x00 王\x07\n\U0001f680") == "ليلى 王 \U0001f680"


def test_base_face_encodes_text_as_reportlab_does():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.pdfdoc import PDFDocument
    from reportlab.pdfbase.ttfonts import TTFont

    fonts.register()
    face = pdfmetrics.getFont(fonts.REGULAR)
    document = PDFDocument()
    texts = [
        "Plain ASCII line.",
        "Plain ASCII line, again: now each character is known.",
        "Łódź, Ελληνικά, Кириллица \u00a0no-break",
        "Łódź once more \u00a0",
        "".join(map(chr, range(0x100, 0x300))),  # past the first subset
        "Ā and Łódź",
        "",
    ]
    for text in texts:
        # reportlab's own method second: it reads the codes ours gave, as a second line would.
        assert face.splitString(text, document) == TTFont.splitString(face, text, document)
