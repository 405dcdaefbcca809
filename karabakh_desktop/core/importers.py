"""Reading a document file into plain text, one paragraph per line (the memo's own layout).

Formats: plain text, Markdown, HTML (the article, not its menus: trafilatura), PDF (the text
layer: pypdf) and Word .docx (python-docx). Nothing is written anywhere: :mod:`library` stores
what this returns. Every failure is a :class:`ReadError` naming the file and the reason.

Encodings (text, Markdown, HTML): a byte-order mark wins; then an encoding the file declares
(HTML ``<meta charset>``, an XML declaration); then strict UTF-8; then charset-normalizer's
guess by letter statistics, preferring, among readings about as plausible, the region's legacy
code pages (Windows-1254 for Azerbaijani-Turkish, 1251 for Russian, 1252 for Western text).
When even that finds no plausible reading, the file is refused
(saying "save it as UTF-8") rather than imported as mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .wording import counted

FORMATS = ("text", "markdown", "html", "pdf", "docx")
_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html",
             ".htm": "html", ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}
_BOMS = [(codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
_DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)""", re.I)
# Control characters other than tab and newline would end up in the store and the index.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")


# Legacy code pages of the region's texts, most likely first: Azerbaijani/Turkish, Russian,
# Western European, Armenian (ARMSCII-8 is not a Python codec, so Armenian legacy text fails).
_REGIONAL = ["cp1254", "cp1251", "cp1252", "iso8859_9", "koi8_r", "iso8859_5", "cp1250", "latin_1"]


class ReadError(ValueError):
    """A file that cannot be imported; the message names the file and says why."""


@dataclass
class ReadDocument:
    text: str  # one paragraph per line, no blank lines
    format: str
    title: str | None = None
    author: str | None = None
    published: str | None = None
    encoding: str | None = None
    pages: int | None = None
    notes: list[str] = field(default_factory=list)


def detect_format(path: Path, head: bytes) -> str:
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt:
        return fmt
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if re.search(rb"<(!doctype html|html|body|article|p)[\s>]", head[:2048], re.I):
        return "html"
    return "text"


def read(path: str | Path) -> ReadDocument:
    """Read a file of any supported format. Raises :class:`ReadError`."""
    path = Path(path)
    if path.suffix.lower() == ".doc":
        raise ReadError(f"{path}: the old binary Word format (.doc) cannot be read; save it as .docx and import that")
    try:
        if path.is_dir():
            raise ReadError(f"{path} is a folder, not a document")
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReadError(f"{path}: no such file") from None
    except PermissionError:
        raise ReadError(f"{path}: permission denied (the file cannot be read)") from None
    except OSError as exc:
        raise ReadError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise ReadError(f"{path}: the file is empty")
    fmt = detect_format(path, data[:4096])
    doc = {"text": _read_text, "markdown": _read_markdown, "html": _read_html, "pdf": _read_pdf,
           "docx": _read_docx}[fmt](path, data)
    doc.text = normalise(doc.text)
    if not doc.text.strip():
        raise ReadError(f"{path}: no text found in the {fmt} file")
    return doc


def normalise(text: str) -> str:
    """NFC, no control characters, single spaces, one paragraph per line."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub(" ", text).replace("\t", " ").replace("\u00a0", " ")
    lines = (re.sub(r" {2,}", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). See the module docstring for the order of the attempts."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError as exc:
                raise ReadError(f"{path}: starts with a {enc} byte-order mark but is not valid {enc} ({exc.reason} "
                                f"at byte {exc.start})") from None
    if declared:
        try:
            return data.decode(declared), declared.lower()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if b"\x00" in data:
        raise ReadError(f"{path}: this is a binary file, not text (no supported format recognised)")
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # a build without it (a slimmed bundle; tools/karabakh-desktop.spec keeps it)
        raise ReadError(f"{path}: the text is not UTF-8 and this build cannot tell its encoding; save it as UTF-8 "
                        "and import again") from None
    results = list(from_bytes(data))
    if not results or min(r.chaos for r in results) > 0.3:
        raise ReadError(f"{path}: cannot tell the text's encoding (it is not UTF-8); save it as UTF-8 and import again")
    # Short texts read equally well in several code pages (Turkish letters are plausible Baltic
    # ones): among the near-best readings, prefer the region's own legacy encodings.
    floor = min(r.chaos for r in results)
    near = [r for r in results if r.chaos <= floor + 0.1]
    best = min(near, key=lambda r: (_REGIONAL.index(r.encoding) if r.encoding in _REGIONAL else len(_REGIONAL),
                                    r.chaos))
    return str(best), best.encoding


def _read_text(path: Path, data: bytes) -> ReadDocument:
    text, enc = decode(path, data)
    return ReadDocument(_join_wrapped(text), "text", encoding=enc)


def _join_wrapped(text: str) -> str:
    """Paragraphs of a plain text: hard-wrapped text (short lines, blank lines between paragraphs)
    has its lines joined; otherwise every line is a paragraph (the memo's own layout)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lengths = sorted(len(line) for line in text.split("\n") if line.strip())
    wrapped = bool(lengths) and re.search(r"\n\s*\n", text) and lengths[int(0.9 * (len(lengths) - 1))] <= 100
    if not wrapped:
        return text
    blocks = re.split(r"\n\s*\n", text)
    return "\n".join(" ".join(line.strip() for line in b.split("\n") if line.strip()) for b in blocks)


_MD_RULES = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]+)\]\([^)]*\)"), r"\1"),  # links keep their text
    (re.compile(r"<[^>\n]+>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # bold
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?!\w)"), r"\1"),  # italics
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),
    (re.compile(r"`([^`]*)`"), r"\1"),  # inline code
]


def _read_markdown(path: Path, data: bytes) -> ReadDocument:
    text, enc = decode(path, data)
    meta: dict[str, str] = {}
    front = re.match(r"---\n(.*?)\n---\n", text.replace("\r\n", "\n"), re.S)
    if front:  # YAML front matter: only the plain key: value lines we understand
        for line in front.group(1).splitlines():
            k, _, v = line.partition(":")
            if v.strip():
                meta[k.strip().lower()] = v.strip().strip("\"'")
        text = text.replace("\r\n", "\n")[front.end():]
    blocks: list[str] = []
    para: list[str] = []

    def flush():
        if para:
            blocks.append(" ".join(para))
            para.clear()

    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line or re.fullmatch(r"(```.*|~~~.*|[-*_]{3,}|\|?[-:| ]+\|[-:| ]*)", line):
            flush()
            continue
        heading = re.match(r"#{1,6}\s+(.*?)\s*#*$", line)
        item = re.match(r"(?:[-*+]|\d+[.)])\s+(.*)", line)
        if heading or item:
            flush()
            blocks.append((heading or item).group(1))
            continue
        para.append(re.sub(r"^>\s?", "", line).strip("| "))
    flush()
    out = []
    for b in blocks:
        for rule, repl in _MD_RULES:
            b = rule.sub(repl, b)
        out.append(b)
    title = meta.get("title") or next((m.group(1) for m in re.finditer(r"^#\s+(.+)$", text, re.M)), None)
    return ReadDocument("\n".join(out), "markdown", title=title, author=meta.get("author"),
                        published=meta.get("date"), encoding=enc)


def _read_html(path: Path, data: bytes) -> ReadDocument:
    m = _DECLARED.search(data[:4096])
    declared = (m.group(1) or m.group(2)).decode("ascii", "replace") if m else None
    html, enc = decode(path, data, declared)
    notes: list[str] = []
    text, meta = None, None
    try:
        import trafilatura

        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True,
                                   deduplicate=False)
        # Only a date the page states in its metadata: the extensive search guesses from the text
        # ("November 2020" in a sentence became 2020-01-01).
        meta = trafilatura.extract_metadata(html, extensive=False)
    except Exception as exc:  # a broken or missing extractor must not lose the import
        notes.append(f"article extraction failed ({type(exc).__name__}); the page body without menus was used")
    if not text or len(text) < 40:
        # Very short pages fall below trafilatura's article threshold: take the body without
        # the parts that are never the article (navigation, header, footer, scripts).
        text = _html_body_text(html)
        notes.append("article detection found too little text; the page body without menus was used")
    title = getattr(meta, "title", None) or _html_title(html)
    return ReadDocument(text or "", "html", title=title, author=getattr(meta, "author", None),
                        published=getattr(meta, "date", None), encoding=enc, notes=notes)


def _html_title(html: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", html, re.I | re.S)
    if not m:
        return None
    import html as html_lib

    return " ".join(html_lib.unescape(m.group(1)).split()) or None


def _html_body_text(html: str) -> str:
    """The page's text without what is never the article, with the standard library only (the
    fallback when trafilatura is missing, as in the bundle, or finds too little): no scripts,
    navigation, header, footer, asides or forms; the ``<article>`` or ``<main>`` when the page has
    one; blocks that are mostly link text (menus) dropped."""
    parser = _BodyText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # html.parser is lenient; a failure here still leaves what was read
        pass
    blocks = parser.finish()
    main = [b for b in blocks if b[2]]
    chosen = main or blocks
    return "\n".join(text for text, links, _ in chosen if not (links > 0.5 * len(text) and len(text) < 200))


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_SKIP = {"script", "style", "nav", "header", "footer", "aside", "form", "noscript", "menu", "template", "svg",
         "button", "select", "iframe"}
_SKIP_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th", "pre", "dd", "dt", "figcaption",
           "div", "section", "article", "main", "br", "tr", "table", "ul", "ol", "body"}


class _BodyText:
    """A small html.parser client collecting text blocks as (text, link characters, in main)."""

    def __init__(self):
        from html.parser import HTMLParser

        outer = self

        class _P(HTMLParser):
            def handle_starttag(self, tag, attrs):
                outer.start(tag, dict(attrs))

            def handle_endtag(self, tag):
                outer.end(tag)

            def handle_data(self, data):
                outer.data(data)

        self._p = _P(convert_charrefs=True)
        self.skip: list[str] = []
        self.main = 0
        self.link = 0
        self.cur: list[str] = []
        self.cur_links = 0
        self.blocks: list[tuple[str, int, bool]] = []

    def feed(self, html: str) -> None:
        self._p.feed(html)

    def close(self) -> None:
        self._p.close()

    def _flush(self) -> None:
        text = " ".join("".join(self.cur).split())
        if text:
            self.blocks.append((text, self.cur_links, self.main > 0))
        self.cur, self.cur_links = [], 0

    def start(self, tag: str, attrs: dict) -> None:
        if tag in _VOID:
            if tag == "br":
                self._flush()
            return
        if self.skip or tag in _SKIP or (attrs.get("role") or "") in _SKIP_ROLES:
            self.skip.append(tag)
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("article", "main"):
            self.main += 1
        if tag == "a":
            self.link += 1

    def end(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag in _BLOCKS:
            self._flush()
        if tag in ("article", "main") and self.main:
            self.main -= 1
        if tag == "a" and self.link:
            self.link -= 1

    def data(self, data: str) -> None:
        if self.skip:
            return
        self.cur.append(data)
        if self.link:
            self.cur_links += len(data.strip())

    def finish(self) -> list[tuple[str, int, bool]]:
        self._flush()
        return self.blocks


def _read_pdf(path: Path, data: bytes) -> ReadDocument:
    import io
    import logging

    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError:  # a build without pypdf (a slimmed bundle): say so, and what to do instead
        raise ReadError(f"{path}: PDF files cannot be read by this build of the app (it leaves the PDF library "
                        "out); import it with the app installed by pip, or save its text as a .txt file and "
                        "import that") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # pypdf warns on every odd font; we report ourselves
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(f"{path}: the PDF is password-protected; remove the password and import again")
        pages = [p.extract_text() or "" for p in reader.pages]
        info = reader.metadata or {}
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise ReadError(f"{path}: not a readable PDF ({exc})") from None
    except Exception as exc:  # pypdf raises many kinds of errors on damaged files
        raise ReadError(f"{path}: not a readable PDF ({type(exc).__name__}: {exc})") from None
    if not any(p.strip() for p in pages):
        raise ReadError(f"{path}: the PDF has no text layer ({counted(len(pages), 'page')} of images, e.g. a scan). "
                        "Run OCR on it first (for example `ocrmypdf in.pdf out.pdf`) and import the result")
    # The file's creation date is not the publication date: the analyst gives that (--published).
    title = getattr(info, "title", None)
    author = getattr(info, "author", None)
    return ReadDocument("\n".join(_pdf_paragraphs(p) for p in pages), "pdf", title=title or None,
                        author=author or None, pages=len(pages))


def _pdf_paragraphs(page: str) -> str:
    """Join a page's hard-wrapped lines into paragraphs.

    A paragraph ends at a blank line, at a line much shorter than the page's full lines (a
    heading, a short last line), or at a line that ends a sentence and is shorter than a full
    line (the ragged last line of a paragraph). A last line that happens to fill the width is
    joined with the next paragraph: the text layer keeps no other trace of the break. A hyphen at a line end
    joins without a space ("peace-" + "keepers"), keeping the hyphen: it may be a real one.
    """
    lines = [ln.strip() for ln in page.split("\n")]
    full = max((len(ln) for ln in lines), default=0)
    out: list[str] = []
    cur = ""
    for ln in lines:
        if not ln:
            if cur:
                out.append(cur)
            cur = ""
            continue
        cur = cur + ln if cur.endswith("-") else (f"{cur} {ln}" if cur else ln)
        if len(ln) < 0.7 * full or (re.search(r"[.?!:”\"’)]$", ln) and len(ln) < 0.9 * full):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return "\n".join(out)


def _read_docx(path: Path, data: bytes) -> ReadDocument:
    import io
    import zipfile

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # a build without python-docx (the bundle): the standard library reads it
        return _read_docx_stdlib(path, data)
    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReadError(f"{path}: not a readable Word .docx file ({exc})") from None
    except PackageNotFoundError:
        raise ReadError(f"{path}: not a readable Word .docx file") from None
    except Exception as exc:
        raise ReadError(f"{path}: not a readable Word .docx file ({type(exc).__name__}: {exc})") from None
    paras = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            cells = [c.text.strip() for c in row.cells if c.text.strip()]
            if cells:
                paras.append(" | ".join(dict.fromkeys(cells)))
    props = d.core_properties
    # python-docx's own template signs every file "python-docx"; that is nobody's name.
    author = props.author if props.author and props.author != "python-docx" else None
    return ReadDocument("\n".join(paras), "docx", title=props.title or None, author=author)


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx_stdlib(path: Path, data: bytes) -> ReadDocument:
    """A .docx (a zip of XML) read with zipfile and ElementTree: every paragraph in document order,
    table cells included, a tab as a space and a line break as a new paragraph."""
    import io
    import xml.etree.ElementTree as ET
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            body = ET.fromstring(z.read("word/document.xml"))
            core = z.read("docProps/core.xml") if "docProps/core.xml" in z.namelist() else None
    except (zipfile.BadZipFile, KeyError, ET.ParseError) as exc:
        raise ReadError(f"{path}: not a readable Word .docx file ({exc})") from None
    paras = []
    for p in body.iter(f"{_W}p"):
        parts = []
        for el in p.iter():
            if el.tag == f"{_W}t":
                parts.append(el.text or "")
            elif el.tag == f"{_W}tab":
                parts.append(" ")
            elif el.tag in (f"{_W}br", f"{_W}cr"):
                parts.append("\n")
        paras.append("".join(parts))
    title = None
    if core:
        t = ET.fromstring(core).find("{http://purl.org/dc/elements/1.1/}title")
        title = (t.text or "").strip() or None if t is not None else None
    return ReadDocument("\n".join(paras), "docx", title=title)
