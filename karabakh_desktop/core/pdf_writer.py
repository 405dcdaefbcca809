"""A minimal, deterministic PDF writer: pages of wrapped text in Helvetica, or pages with no text
at all (a drawn shape, like a scan without OCR). Used to make test fixtures and the benchmark's
300-page document without Qt or any PDF library.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

_PAGE_W, _PAGE_H, _MARGIN, _LEADING, _SIZE = 612, 792, 72, 14, 11
_LINES_PER_PAGE = (_PAGE_H - 2 * _MARGIN) // _LEADING
_WRAP = 95  # characters per line at 11 pt Helvetica on a letter page


def _escape(line: str) -> bytes:
    raw = line.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def paginate(paragraphs: list[str]) -> list[list[str]]:
    """Paragraphs wrapped into lines (a blank line between paragraphs), cut into pages."""
    lines: list[str] = []
    for p in paragraphs:
        lines += textwrap.wrap(p, _WRAP) + [""]
    return [lines[i:i + _LINES_PER_PAGE] for i in range(0, len(lines), _LINES_PER_PAGE)] or [[]]


def write_pdf(path: str | Path, pages: list[list[str]] | None = None, *, text: bool = True,
              title: str | None = None, image_pages: int = 1) -> Path:
    """Write ``pages`` (lists of lines) as a PDF with a text layer; ``text=False`` writes
    ``image_pages`` pages that only draw a grey block (no text layer)."""
    objs: list[bytes] = []
    page_ids: list[int] = []
    content_pages = pages if text else [[] for _ in range(image_pages)]
    # 1 catalog, 2 pages, 3 font, 4 info; then a page and its content per page.
    n_fixed = 4
    for i, lines in enumerate(content_pages):
        if text:
            ops = [b"BT", f"/F1 {_SIZE} Tf {_LEADING} TL {_MARGIN} {_PAGE_H - _MARGIN} Td".encode()]
            for ln in lines:
                ops.append(b"(" + _escape(ln) + b") Tj T*")
            ops.append(b"ET")
        else:
            ops = [b"0.6 g", f"{_MARGIN} {_MARGIN} {_PAGE_W - 2 * _MARGIN} {_PAGE_H - 2 * _MARGIN} re f".encode()]
        stream = b"\n".join(ops)
        page_id = n_fixed + 2 * i + 1
        page_ids.append(page_id)
        objs.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {_PAGE_W} {_PAGE_H}] /Resources << /Font << /F1 3 0 R"
                    f" >> >> /Contents {page_id + 1} 0 R >>".encode())
        objs.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    kids = " ".join(f"{p} 0 R" for p in page_ids)
    fixed = [b"<< /Type /Catalog /Pages 2 0 R >>",
             f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode(),
             b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
             b"<< /Title (" + _escape(title or "") + b") /Producer (karabakh-desktop) >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(fixed + objs, 1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(offsets) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(offsets) + 1} /Root 1 0 R /Info 4 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path = Path(path)
    path.write_bytes(bytes(out))
    return path
