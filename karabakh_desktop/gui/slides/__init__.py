"""Slides: every panel, the whole window and saved scenes as slide-ready images (PNG, SVG, PDF).

- :mod:`.slide` — what a slide says (title, state in words, legend, caption, banner, and the
  footnote citing the store's documents) and where each part goes;
- :mod:`.body` — the widget that stands for a target at the slide's size (a panel's offscreen twin);
- :mod:`.render` — drawing to PNG / SVG / PDF, atomic writes, exporting scenes;
- :mod:`.dialogs` — the window's File ▸ Export dialogs and the self-test's export steps.
"""

from .render import (
    check_writable,
    copy_to_clipboard,
    export,
    export_scenes,
    is_blank,
    render_image,
    render_pdf,
    render_svg,
    write_file,
)
from .slide import FORMATS, ExportError, Layout, Slide, make_slide, parse_size, source_and_credits

__all__ = ["FORMATS", "ExportError", "Layout", "Slide", "check_writable", "copy_to_clipboard", "export",
           "export_scenes", "is_blank", "make_slide", "parse_size", "render_image", "render_pdf", "render_svg",
           "source_and_credits", "write_file"]
