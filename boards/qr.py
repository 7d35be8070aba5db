"""QR codes of the public board pages, as SVG, for printing in WeChat articles and notices.

A pure function of the URL: the same URL always gives the same bytes (no date, no random id), so
the image can be cached by browsers and proxies for as long as the page's address stays."""
from __future__ import annotations

import io

import segno

MODULE = 8  # pixels per module at the image's natural size
QUIET_ZONE = 4  # modules of white border, as ISO/IEC 18004 asks for reliable scanning


def qr_svg(url: str, *, title: str = "") -> bytes:
    """An SVG QR code (error correction M, never a Micro QR) encoding `url`.

    The image carries both a viewBox (so a page can scale it) and a width and height (so it
    prints at a sensible size when saved), dark modules on a white background."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=MODULE, border=QUIET_ZONE, dark="#000", light="#fff", xmldecl=True,
              omitsize=True, svgclass=None, lineclass=None, title=title or None, nl=True)
    size = code.symbol_size(scale=MODULE, border=QUIET_ZONE)[0]
    return out.getvalue().replace(b"<svg ", f'<svg width="{size}" height="{size}" '.encode(), 1)


PNG_MODULE = 6  # pixels per module: about 250 px wide for a board's address, sharp in WeChat


def qr_png(url: str) -> bytes:
    """The same code as qr_svg, as a PNG (for sharing in chat apps and as the pages' og:image)."""
    code = segno.make(url, error="m", micro=False, boost_error=False)
    out = io.BytesIO()
    code.save(out, kind="png", scale=PNG_MODULE, border=QUIET_ZONE, dark="#000", light="#fff")
    return out.getvalue()
