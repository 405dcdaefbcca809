"""Reading documents: each format, encodings, and the messages for files that cannot be read.
Fixtures are written here, at test time."""

from __future__ import annotations

import pytest

from karabakh_desktop.core import importers
from karabakh_desktop.core.importers import ReadError
from karabakh_desktop.core.pdf_writer import paginate, write_pdf

BODY = ("Russian peacekeepers were deployed along the Lachin corridor in November 2020. "
        "Baku and Moscow then discussed the return of displaced people to Aghdam and Kalbajar.")


def test_plain_text_keeps_one_paragraph_per_line(tmp_path):
    p = tmp_path / "memo-like.txt"
    p.write_text("A title\n\n" + BODY + "\n\nSecond paragraph here, long enough to be a paragraph of its own, "
                 "with a sentence that keeps going well past a hundred characters of text.\n", encoding="utf-8")
    doc = importers.read(p)
    assert doc.format == "text" and doc.encoding == "utf-8"
    assert doc.text.splitlines() == ["A title", BODY, doc.text.splitlines()[2]]


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path):
    p = tmp_path / "wrapped.txt"
    p.write_text("Russian peacekeepers were deployed\nalong the Lachin corridor.\n\nBaku and Moscow\ntalked.\n")
    assert importers.read(p).text == "Russian peacekeepers were deployed along the Lachin corridor.\nBaku and Moscow talked.\n"


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1254", "cp1251"])
def test_encodings_bom_and_legacy(tmp_path, encoding):
    text = {"cp1251": "Ситуация в Карабахе после войны: российские миротворцы остаются в регионе.\n" * 3}.get(
        encoding, "Şuşa ve Ağdam bölgelerinde yeniden yapılanma çalışmaları sürüyor. Laçın koridoru açık.\n" * 3)
    p = tmp_path / f"legacy-{encoding}.txt"
    p.write_bytes(text.encode(encoding))
    doc = importers.read(p)
    assert doc.text.splitlines()[0] == text.splitlines()[0]


def test_html_meta_charset_is_honoured(tmp_path):
    p = tmp_path / "page.html"
    html = ('<html><head><meta charset="windows-1254"><title>Şuşa</title></head><body><article><p>'
            + "Şuşa şehrinde yeniden yapılanma çalışmaları sürüyor ve yeni okullar açılıyor. " * 4
            + "</p></article></body></html>")
    p.write_bytes(html.encode("cp1254"))
    doc = importers.read(p)
    assert "Şuşa şehrinde" in doc.text and doc.encoding == "windows-1254"


def test_html_article_without_menus(tmp_path):
    p = tmp_path / "article.html"
    p.write_text(f"""<!doctype html><html><head><title>Peacekeepers in Karabakh</title>
<meta name="author" content="A. Reporter"></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World news menu</a></li>
<li><a href="/subscribe">Subscribe to our newsletter</a></li></ul></nav>
<header><div class="menu">Sections: Politics | Economy | Sport</div></header>
<article><h1>Peacekeepers in Karabakh</h1><p>{BODY}</p>
<p>{BODY.replace('November', 'December')}</p><p>The statement of 10 November 2020 set their mandate at five years.</p></article>
<aside>Most read: celebrity gossip</aside><footer>Copyright footer menu · Privacy · Cookies</footer>
</body></html>""", encoding="utf-8")
    doc = importers.read(p)
    assert doc.format == "html"
    assert BODY in doc.text and "five years" in doc.text
    for menu in ("World news menu", "Subscribe", "Sections:", "celebrity", "Cookies"):
        assert menu not in doc.text
    assert doc.title == "Peacekeepers in Karabakh"
    assert doc.published is None  # "10 November 2020" in the text is not the page's date


def test_markdown_loses_its_markup(tmp_path):
    p = tmp_path / "notes.md"
    p.write_text("---\ntitle: Field notes\nauthor: An Analyst\ndate: 2021-03-01\n---\n# Field notes\n\n"
                 "The **Lachin corridor** is guarded by [Russian peacekeepers](https://example.org).\n"
                 "It is *five* kilometres wide.\n\n- Baku\n- Moscow\n\n```\ncode\n```\n", encoding="utf-8")
    doc = importers.read(p)
    assert doc.text.splitlines() == ["Field notes", "The Lachin corridor is guarded by Russian peacekeepers. "
                                     "It is five kilometres wide.", "Baku", "Moscow", "code"]
    assert (doc.title, doc.author, doc.published) == ("Field notes", "An Analyst", "2021-03-01")


def _briefing_docx(path):
    """A .docx with a title, a heading, a paragraph and a one-row table, made with python-docx."""
    import docx

    d = docx.Document()
    d.core_properties.title = "Briefing"
    d.add_heading("Briefing on Karabakh", 1)
    d.add_paragraph(BODY)
    t = d.add_table(rows=1, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Shusha", "Khankendi"
    d.save(path)
    return path


def test_docx_paragraphs_and_tables(tmp_path):
    _briefing_docx(tmp_path / "b.docx")
    doc = importers.read(tmp_path / "b.docx")
    assert doc.text.splitlines() == ["Briefing on Karabakh", BODY, "Shusha | Khankendi"]
    assert doc.title == "Briefing" and doc.author is None  # python-docx's own "python-docx" is nobody's name


def test_pdf_text_layer_paragraphs(tmp_path):
    other = "A second paragraph follows here and it is about the Zangezur corridor and the railway to Nakhchivan."
    write_pdf(tmp_path / "r.pdf", paginate([BODY, other]), title="Report")
    doc = importers.read(tmp_path / "r.pdf")
    assert doc.text.splitlines() == [BODY, other]
    assert (doc.title, doc.pages, doc.format) == ("Report", 1, "pdf")


def test_pdf_without_text_layer_says_so(tmp_path):
    write_pdf(tmp_path / "scan.pdf", text=False, image_pages=3)
    with pytest.raises(ReadError, match=r"scan\.pdf: the PDF has no text layer \(3 page"):
        importers.read(tmp_path / "scan.pdf")


@pytest.mark.parametrize("name, content, message", [
    ("missing.txt", None, "no such file"),
    ("empty.txt", b"", "the file is empty"),
    ("broken.pdf", b"%PDF-1.4\nthis is not really a pdf", "not a readable PDF"),
    ("broken.docx", b"PK\x03\x04 not a zip", "not a readable Word .docx file"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "old binary Word format"),
    ("binary.txt", b"\x00\x01\x02\xff\xfe\x00" * 50, "binary file"),
])
def test_unreadable_files_name_file_and_reason(tmp_path, name, content, message):
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    with pytest.raises(ReadError) as err:
        importers.read(p)
    assert str(p) in str(err.value) and message in str(err.value)


def _without(monkeypatch, *modules):
    """Imports of these modules fail, as in the bundle, which leaves them out (its size)."""
    import builtins

    real_import = builtins.__import__

    def guarded(name, *args, **kwargs):
        if name.split(".")[0] in modules:
            raise ImportError(f"no {name} in this build")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", guarded)


def test_html_without_trafilatura_reads_the_article_with_the_standard_library(tmp_path, monkeypatch):
    _without(monkeypatch, "trafilatura", "lxml")
    p = tmp_path / "a.html"
    p.write_text(f"<html><head><title>Peacekeepers &amp; the corridor</title></head><body>"
                 f"<nav><a href='/'>Home menu</a></nav><header>Sections: Politics</header>"
                 f"<div role='navigation'><a href='/x'>World</a> <a href='/y'>Sport</a></div>"
                 f"<main><h1>Peacekeepers</h1><p>{BODY}</p><p>Read <a href='/z'>the statement</a> of 10 November."
                 f"</p><script>var x = 1;</script></main><aside>Most read</aside><footer>Cookies</footer>"
                 f"</body></html>", encoding="utf-8")
    doc = importers.read(p)
    assert doc.text.splitlines() == ["Peacekeepers", BODY, "Read the statement of 10 November."]
    assert doc.title == "Peacekeepers & the corridor"
    assert any("failed" in n for n in doc.notes)


def test_docx_without_python_docx_reads_with_the_standard_library(tmp_path, monkeypatch):
    _briefing_docx(tmp_path / "b.docx")
    _without(monkeypatch, "docx")
    doc = importers.read(tmp_path / "b.docx")
    assert doc.text.splitlines() == ["Briefing on Karabakh", BODY, "Shusha", "Khankendi"]
    assert doc.title == "Briefing"


def test_legacy_encoding_without_a_detector_is_a_message(tmp_path, monkeypatch):
    _without(monkeypatch, "charset_normalizer")
    p = tmp_path / "legacy.txt"
    p.write_bytes("Şuşa ve Ağdam bölgelerinde yeniden yapılanma sürüyor.\n".encode("cp1254"))
    with pytest.raises(ReadError, match="legacy.txt: the text is not UTF-8 and this build cannot tell"):
        importers.read(p)


def test_pdf_without_pypdf_says_what_to_do(tmp_path, monkeypatch):
    write_pdf(tmp_path / "r.pdf", paginate([BODY]))
    _without(monkeypatch, "pypdf")
    with pytest.raises(ReadError, match=r"r\.pdf: PDF files cannot be read by this build.*save its text as a \.txt"):
        importers.read(tmp_path / "r.pdf")
