"""The wording of the package in English or Chinese, from the catalogue the CLI uses
(sim/src/text/catalog/LANG.yaml, compiled into readysim._core), and a CJK font for matplotlib."""
from __future__ import annotations

import contextlib
import functools
import os
from typing import Iterator, List, Optional

from . import _core
from .errors import UsageError

LANGUAGES = ("en", "zh")
#: the CJK family the plots use for Chinese (Debian's fonts-noto-cjk)
CJK_FAMILY = "Noto Sans CJK SC"


def language(lang: Optional[str]) -> str:
    """``lang`` checked ("en" or "zh"); None is the CLI's default from the environment
    (READYSIM_LANG, else LC_ALL, LC_MESSAGES, LANG: ``zh_CN.UTF-8`` gives zh)."""
    if lang is None:
        return _core.default_language()
    if lang not in LANGUAGES:
        raise UsageError(f"lang {lang!r}: readysim speaks {' and '.join(LANGUAGES)}")
    return lang


@functools.lru_cache(maxsize=None)
def _catalogue(lang: str) -> dict:
    return _core.messages(lang)


def text(lang: str, key: str, **fields) -> str:
    """The catalogue's text for ``key`` with its {placeholders} filled from ``fields``."""
    return _catalogue(lang)[key].format(**fields)


def unit(lang: str, name: str) -> str:
    """A unit as people read it in ``lang`` ("min" → 分钟); one the catalogue lacks as it is."""
    return _catalogue(lang).get(f"units.{name}", name)


def _noto_cjk_collections() -> List[str]:
    from matplotlib import font_manager
    fonts = font_manager.findSystemFonts(fontext="ttc") + font_manager.findSystemFonts(fontext="otf")
    return sorted(f for f in fonts if os.path.basename(f).startswith("NotoSansCJK") and "Regular" in f)


@functools.lru_cache(maxsize=None)
def cjk_family() -> str:
    """Registers Noto Sans CJK SC with matplotlib (once) and returns its family name.

    Debian ships it inside a font collection (NotoSansCJK-Regular.ttc) whose first face is the
    Japanese one, and matplotlib reads only the first face of a collection; so the SC face is
    written once, as it is, to matplotlib's cache folder and added from there. Raises
    readysim.Error when no Noto Sans CJK is installed (``apt-get install fonts-noto-cjk``).
    """
    import matplotlib
    from matplotlib import font_manager
    if any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
        return CJK_FAMILY
    from .errors import Error
    for path in _noto_cjk_collections():
        if path.endswith(".otf"):
            font_manager.fontManager.addfont(path)
            continue
        target = os.path.join(matplotlib.get_cachedir(), "readysim-NotoSansCJKsc-Regular.otf")
        if not os.path.exists(target):
            from fontTools.ttLib import TTCollection  # a matplotlib dependency
            for face in TTCollection(path, lazy=True).fonts:
                if face["name"].getDebugName(1) == CJK_FAMILY:
                    partial = f"{target}.{os.getpid()}"
                    face.save(partial)
                    os.replace(partial, target)  # whole or not at all, if two processes race
                    break
        if os.path.exists(target):
            font_manager.fontManager.addfont(target)
        if any(f.name == CJK_FAMILY for f in font_manager.fontManager.ttflist):
            return CJK_FAMILY
    raise Error(f"Chinese plots need the font {CJK_FAMILY}: install Debian's fonts-noto-cjk "
                "(scripts/setup.sh does)")


def cjk_families() -> List[str]:
    """The font families for Chinese text: matplotlib's default for Latin letters and digits,
    Noto Sans CJK SC for the rest (matplotlib ≥ 3.6 falls back glyph by glyph along the list)."""
    return ["DejaVu Sans", cjk_family()]


def use_fonts(ax, lang: str) -> None:
    """Gives every text of ``ax`` (labels, title, ticks, legend) the fonts of ``lang``: an Axes
    made before keeps its labels' fonts when only their text is set."""
    if lang != "zh":
        return
    from matplotlib.text import Text
    families = cjk_families()
    for t in ax.findobj(Text):
        t.set_fontfamily(families)


@contextlib.contextmanager
def fonts(lang: str) -> Iterator[None]:
    """Text made inside uses a font with Chinese glyphs when ``lang`` is zh (Latin letters and
    digits from matplotlib's default family, the rest from Noto Sans CJK SC)."""
    if lang != "zh":
        yield
        return
    import matplotlib
    # A list of families, not a generic one: matplotlib (≥ 3.6) falls back from one to the next
    # glyph by glyph only along font.family itself.
    with matplotlib.rc_context({"font.family": cjk_families(), "axes.unicode_minus": False}):
        yield
