"""A PowerPoint deck of the saved scenes (python-pptx): one 16:9 slide per scene with the scene's
title as the slide's title, its figure as a picture at the slide's resolution, the caption below, and
speaker notes holding the scene's notes, the evidence behind what it selects (with ¶ references)
and the sources. Plain title + picture + text box shapes: PowerPoint, Impress and Keynote open it."""

from __future__ import annotations

import io

from ...core import notes as note_store
from ...core import read
from ...core.scene_state import SceneState

SLIDE_W_EMU, SLIDE_H_EMU = 12192000, 6858000  # 13.333 × 7.5 in: PowerPoint's 16:9


def speaker_notes(session, scene) -> str:
    """What the presenter reads: the scene's caption and notes, the memo's words behind the
    selection (each quote with its ¶), the sources."""
    state = SceneState.from_json(scene.state)
    db = session.db
    parts = []
    if scene.caption:
        parts.append(scene.caption)
    for n in note_store.notes_for(db, note_store.scene_item(scene.id)):
        parts.append(f"Note: {n.text}")
    for item in state.selection:
        name = session.label(item)
        for n in note_store.notes_for(db, item):
            parts.append(f"Note on {name}: {n.text}")
        for ev in read.evidence(db, item)[:3]:
            ref = _paragraph_of(db, ev.sentence_id)
            title = read.imported_title(db, ev.document_id)
            where = [f"in “{title}”"] if title else []
            where += [f"¶ {ref}"] if ref else []
            parts.append(f"{name} — “{ev.quote}”" + (f" ({', '.join(where)})" if where else ""))
    source = "; ".join(c.short for c in read.cited_documents(db))
    if source:
        parts.append(f"Source: {source}")
    return "\n\n".join(parts)


def _paragraph_of(db, sentence_id) -> int | None:
    if sentence_id is None:
        return None
    got = read.passages(db, [sentence_id])
    return got[0].paragraph if got else None


def picture_box(has_caption: bool) -> tuple[int, int, int, int]:
    """(left, top, width, height) in EMU of the figure on a deck slide: the full width under the
    title, above the caption."""
    margin, top = 300000, 900000
    cap_h = 600000 if has_caption else 0
    return margin, top, SLIDE_W_EMU - 2 * margin, SLIDE_H_EMU - top - cap_h - 150000


def picture_size(has_caption: bool, width_px: int = 1920) -> tuple[int, int]:
    """The picture's pixels: as wide as a 1920-wide slide shows it, shaped like its box."""
    _, _, w, h = picture_box(has_caption)
    return width_px, max(64, round(width_px * h / w))


def write_deck(entries) -> bytes:
    """``entries``: (title, caption, png bytes, notes) per slide → the .pptx file's bytes."""
    try:
        from pptx import Presentation
        from pptx.util import Emu, Pt
    except ImportError as exc:  # the self-contained bundle leaves python-pptx (and lxml) out, for size
        from .slide import ExportError

        raise ExportError(f"PowerPoint decks cannot be written by this build of the app ({exc}); export the "
                          "scenes as PNG, SVG or PDF, or use the app installed by pip") from None

    prs = Presentation()
    prs.slide_width, prs.slide_height = Emu(SLIDE_W_EMU), Emu(SLIDE_H_EMU)
    layout = prs.slide_layouts[5]  # "Title Only": a real title placeholder, nothing else
    margin = Emu(300000)
    for title, caption, png, notes in entries:
        slide = prs.slides.add_slide(layout)
        head = slide.shapes.title
        head.text = title
        head.left, head.top, head.width, head.height = margin, Emu(150000), Emu(SLIDE_W_EMU - 2 * margin), Emu(700000)
        for para in head.text_frame.paragraphs:
            for run in para.runs:
                run.font.size = Pt(28)
                run.font.bold = True
        left, top, pic_w, pic_h = picture_box(bool(caption))
        slide.shapes.add_picture(io.BytesIO(png), Emu(left), Emu(top), Emu(pic_w), Emu(pic_h))
        cap_h = Emu(600000)
        avail_w = pic_w
        if caption:
            box = slide.shapes.add_textbox(margin, Emu(top + pic_h + 50000), Emu(avail_w), cap_h)
            box.text_frame.word_wrap = True
            box.text_frame.text = caption
            for run in box.text_frame.paragraphs[0].runs:
                run.font.size = Pt(16)
                run.font.italic = True
        slide.notes_slide.notes_text_frame.text = notes
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()
