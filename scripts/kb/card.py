"""Share cards: the 1200×630 PNG that link previews (WeChat, Telegram, X, search engines) show.

One card per language, drawn at build time from the site's own words: its name (`site_name` in
mkdocs.yml, per language) and two lines from data/site.yml (`ui.share_card_tagline`,
`ui.share_card_note`). The font is a subset of Noto Sans CJK SC Bold (SIL Open Font License 1.1),
bundled in scripts/kb/fonts/ so the build needs no network and no system font. When the card text
needs a character the subset lacks, the build stops and names it; `make card-font` rebuilds the
subset from Debian's fonts-noto-cjk.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import string
from dataclasses import dataclass
from pathlib import Path

from .model import DERIVED, is_chinese

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT = FONT_DIR / "KBCardSansSC-Bold.otf"
FONT_FAMILY = "KB Card Sans SC"  # renamed: a subset is a Modified Version under the OFL
SOURCE_FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc")  # Debian: fonts-noto-cjk
SOURCE_FAMILY = "Noto Sans CJK SC"
WIDTH, HEIGHT = 1200, 630
MAX_BYTES = 60_000
URL_DIR = "assets/share"  # where the cards are written in the built site
UI_KEYS = ("share_card_tagline", "share_card_note")
# Always in the subset, so small wording changes rarely need a new font: ASCII and CJK punctuation.
BASE_CHARS = string.printable.strip() + " " + "，。、：；！？“”‘’（）《》「」【】…—·／"
FIX = ("run `make card-font` (it rebuilds scripts/kb/fonts/KBCardSansSC-Bold.otf from Debian's "
       "fonts-noto-cjk: apt-get install fonts-noto-cjk) and commit the new font, or change the text")

BACKGROUND = (0, 105, 92)  # #00695c, the site's primary colour (docs/assets/kb.css)
BAND = (0, 77, 64)  # #004d40
LOGO = (0, 121, 107)  # #00796b, as in docs/assets/favicon.svg
WHITE = (255, 255, 255)
TAGLINE = (224, 242, 241)  # #e0f2f1
NOTE = (178, 223, 219)  # #b2dfdb: 7.4:1 on the band
MARGIN, TEXT_WIDTH, TEXT_TOP, BAND_TOP, GAP = 80, 1040, 184, 534, 24


class CardError(Exception):
    """A share card cannot be made; the message names the problem and the fix."""


@dataclass(frozen=True)
class CardText:
    lang: str
    title: str
    tagline: str
    note: str

    @property
    def alt(self) -> str:
        """The card's alternative text: exactly what it shows, as sentences."""
        stop, sep = ("。", "") if is_chinese(self.lang) else (".", " ")
        return sep.join(t if t[-1:] in "。.!?！？" else t + stop for t in (self.title, self.tagline, self.note))

    def lines(self) -> list[tuple[str, str]]:
        return [("site_name (mkdocs.yml)", self.title), ("ui.share_card_tagline (data/site.yml)", self.tagline),
                ("ui.share_card_note (data/site.yml)", self.note)]


@dataclass(frozen=True)
class Card:
    text: CardText
    png: bytes

    @property
    def path(self) -> str:
        """Path in the built site; the name changes with the picture, so previews never show an old one."""
        return f"{URL_DIR}/{self.text.lang}-{hashlib.sha256(self.png).hexdigest()[:10]}.png"

    width, height = WIDTH, HEIGHT


def card_text(site: dict, lang: str, site_name: str) -> CardText:
    """The card's words in one language: the site name and two lines from data/site.yml's ui."""
    ui = (site or {}).get("ui") or {}
    texts = []
    for key in UI_KEYS:
        value = (ui.get(key) or {}).get(lang) if isinstance(ui.get(key), dict) else None
        if not isinstance(value, str) or not value.strip():
            raise CardError(f"data/site.yml: ui.{key} has no '{lang}' text; the share card needs it. "
                            f"Fix: add `{key}: {{zh: …, en: …}}` under ui:")
        texts.append(" ".join(value.split()))
    return CardText(lang, " ".join(str(site_name).split()), *texts)


@functools.lru_cache(maxsize=4)
def _cmap(path: Path, mtime: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(path), lazy=True) as font:
        return frozenset(font.getBestCmap())


def covered(font: Path = FONT) -> frozenset[int]:
    """Code points the font has a glyph for."""
    if not font.exists():
        raise CardError(f"the share-card font {font} is missing. Fix: restore it from git, or {FIX}")
    return _cmap(font, font.stat().st_mtime_ns)


def missing(text: CardText, font: Path = FONT) -> list[str]:
    """One message per character of the card text the font cannot draw (name, code point, where)."""
    have = covered(font)
    out = []
    for where, value in text.lines():
        for ch in dict.fromkeys(value):
            if not ch.isspace() and ord(ch) not in have:
                out.append(f"share card ({text.lang}): the character '{ch}' (U+{ord(ch):04X}) in {where} "
                           f"\"{value}\" is not in the card font {font.name}")
    return out


def make(site: dict, lang: str, site_name: str) -> Card:
    """The card of one language (cached: `make serve` rebuilds redraw nothing when nothing changed)."""
    text = card_text(site, lang, site_name)
    problems = missing(text)
    if problems:
        raise CardError("\n".join(problems) + f"\n    fix: {FIX}")
    return Card(text, _draw(text, FONT.stat().st_mtime_ns))


def write(site_dir: Path, card: Card) -> Path:
    target = Path(site_dir) / card.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(card.png)
    return target


# ---------------------------------------------------------------- drawing

_TOKEN = re.compile(r"[A-Za-z0-9_'’.,:;!?/+&@#%()\-]+|\s+|.")
_NO_LINE_START = set("，。、：；！？）》」』】”’…,.;:!?)")


def _wrap(text: str, font, width: int) -> list[str]:
    """Lines of at most `width` pixels: breaks between words, or between Han characters."""
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        trial = line + token
        if not line or font.getlength(trial.rstrip()) <= width or token.isspace():
            line = trial
            continue
        if token[0] in _NO_LINE_START and len(line) > 1 and not line[-1].isspace():
            line, token = line[:-1], line[-1] + token  # carry the last character over with the punctuation
        lines.append(line.rstrip())
        line = token.lstrip()
    if line.strip():
        lines.append(line.rstrip())
    return lines


def _steps(title_font, tag_font) -> tuple[int, int]:
    return round(title_font.size * 1.22), round(tag_font.size * 1.45)


def _layout(text: CardText):
    """The largest title (at most 2 lines), then the largest tagline (at most 3), that fit above the band."""
    from PIL import ImageFont

    room = BAND_TOP - 40 - TEXT_TOP
    for smallest_tagline in (34, 28):  # first keep the tagline readable in a thumbnail, then anything that fits
        for title_size in range(80, 47, -4):
            title_font = ImageFont.truetype(str(FONT), title_size)
            title_lines = _wrap(text.title, title_font, TEXT_WIDTH)
            if len(title_lines) > 2:
                continue
            for tag_size in range(40, smallest_tagline - 1, -2):
                tag_font = ImageFont.truetype(str(FONT), tag_size)
                tag_lines = _wrap(text.tagline, tag_font, TEXT_WIDTH)
                title_step, tag_step = _steps(title_font, tag_font)
                if len(tag_lines) <= 3 and len(title_lines) * title_step + GAP + len(tag_lines) * tag_step <= room:
                    return title_font, title_lines, tag_font, tag_lines
    raise CardError(f"share card ({text.lang}): the site name and ui.share_card_tagline do not fit on the card; "
                    "shorten the tagline")


def _fit(text: str, sizes, max_lines: int):
    from PIL import ImageFont

    for size in sizes:
        font = ImageFont.truetype(str(FONT), size)
        lines = _wrap(text, font, TEXT_WIDTH)
        if len(lines) <= max_lines:
            return font, lines
    raise CardError(f"share card: \"{text}\" does not fit on one line of the card; shorten it")


def _logo(size: int):
    """The favicon's shield and tick (docs/assets/favicon.svg), drawn 4× and scaled down."""
    from PIL import Image, ImageDraw

    k = size * 4 / 64
    img = Image.new("RGBA", (size * 4, size * 4), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle((0, 0, 64 * k - 1, 64 * k - 1), radius=14 * k, fill=LOGO)

    def bezier(p0, p1, p2, p3, n=24):
        return [tuple((1 - t) ** 3 * a + 3 * (1 - t) ** 2 * t * b + 3 * (1 - t) * t ** 2 * c + t ** 3 * e
                      for a, b, c, e in zip(p0, p1, p2, p3)) for t in (i / n for i in range(n + 1))]

    shield = [(32, 12), (14, 19), (14, 31), *bezier((14, 31), (14, 42), (21.7, 50.6), (32, 53))[1:],
              *bezier((32, 53), (42.3, 50.6), (50, 42), (50, 31))[1:], (50, 19)]
    d.polygon([(x * k, y * k) for x, y in shield], fill=WHITE)
    tick = [(25 * k, 32 * k), (30 * k, 37 * k), (40 * k, 26 * k)]
    d.line(tick, fill=LOGO, width=round(5 * k), joint="curve")
    for x, y in (tick[0], tick[-1]):
        r = 2.5 * k
        d.ellipse((x - r, y - r, x + r, y + r), fill=LOGO)
    return img.resize((size, size), Image.Resampling.LANCZOS)


@functools.lru_cache(maxsize=8)
def _draw(text: CardText, font_mtime: int) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    img = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    d = ImageDraw.Draw(img)
    logo = _logo(96)
    img.paste(logo, (MARGIN, 64), logo)

    title_font, title_lines, tag_font, tag_lines = _layout(text)
    title_step, tag_step = _steps(title_font, tag_font)
    height = len(title_lines) * title_step + GAP + len(tag_lines) * tag_step
    y = max(TEXT_TOP, (TEXT_TOP + BAND_TOP - height) // 2)
    for line in title_lines:
        d.text((MARGIN, y), line, font=title_font, fill=WHITE)
        y += title_step
    y += GAP
    for line in tag_lines:
        d.text((MARGIN, y), line, font=tag_font, fill=TAGLINE)
        y += tag_step

    d.rectangle((0, BAND_TOP, WIDTH, HEIGHT), fill=BAND)
    note_font, note_lines = _fit(text.note, range(32, 21, -2), 1)
    box = d.textbbox((0, 0), note_lines[0], font=note_font)
    d.text((MARGIN, BAND_TOP + (HEIGHT - BAND_TOP - (box[3] - box[1])) // 2 - box[1]), note_lines[0],
           font=note_font, fill=NOTE)

    out = io.BytesIO()
    img.quantize(colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(
        out, format="PNG", compress_level=6)  # level 9 saves 10% at 10× the time
    png = out.getvalue()
    if len(png) > MAX_BYTES:
        raise CardError(f"share card ({text.lang}) is {len(png)} bytes, more than {MAX_BYTES}; simplify it")
    return png


# ---------------------------------------------------------------- the font subset (maintainers)


def texts_from_config(root: Path, content) -> list[CardText]:
    """Every card's words, read the way the build reads them (mkdocs.yml site names, data/site.yml;
    a generated language's name converted from the source's, as the hook does)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !ENV, !!python/…: not needed here
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    names = {}
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            for language in plugin["i18n"].get("languages") or []:
                names[language["locale"]] = language.get("site_name") or config["site_name"]
    names = names or {"zh": config["site_name"]}
    for lang in names:
        if lang in DERIVED:
            names[lang] = content.converter.text(config["site_name"])
    return [card_text(content.site, lang, name) for lang, name in names.items()]


def subset_font(texts: list[CardText], source: Path = SOURCE_FONT, target: Path = FONT) -> int:
    """Write the subset of Noto Sans CJK SC Bold that draws BASE_CHARS and every card text."""
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    if not source.exists():
        raise CardError(f"{source} not found: install Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk), "
                        f"or pass --source with the path of NotoSansCJK-Bold.ttc")
    chars = BASE_CHARS + "".join(t.title + t.tagline + t.note for t in texts)
    collection = TTCollection(str(source))
    fonts = [f for f in collection.fonts if f["name"].getDebugName(1) == SOURCE_FAMILY]
    if not fonts:
        raise CardError(f"{source} has no '{SOURCE_FAMILY}' face")
    font = fonts[0]
    options = subset.Options()
    options.layout_features = ["kern", "liga", "palt", "halt", "locl", "ccmp"]
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.name_languages = [0x409]
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    version = font["name"].getDebugName(5) or ""
    renamed = {1: FONT_FAMILY, 3: f"{FONT_FAMILY.replace(' ', '')}-Bold;subset of {SOURCE_FAMILY} Bold",
               4: f"{FONT_FAMILY} Bold", 6: f"{FONT_FAMILY.replace(' ', '')}-Bold",
               5: f"{version}; subset of {SOURCE_FAMILY} Bold by scripts/kb/card.py"}
    for record in font["name"].names:
        if record.nameID in renamed:
            record.string = renamed[record.nameID]
    if "CFF " in font:  # the PostScript name inside the CFF table, too
        cff = font["CFF "].cff
        cff.fontNames = [renamed[6]]
        top = cff.topDictIndex[0]
        for key, value in (("FullName", renamed[4]), ("FamilyName", FONT_FAMILY)):
            if hasattr(top, key):
                setattr(top, key, value)
    font.recalcTimestamp = False  # the same input gives the same bytes
    target.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(target))
    return len(set(chars))


def cmd_card_font(args) -> int:
    import sys

    from .model import load

    content = load(args.root)
    try:
        texts = texts_from_config(Path(args.root), content)
        n = subset_font(texts, Path(args.source))
    except CardError as err:
        print(f"card-font: {err}", file=sys.stderr)
        return 1
    _cmap.cache_clear()
    print(f"card-font: wrote {FONT} ({FONT.stat().st_size} bytes, {n} characters); commit it")
    return 0


def add_commands(sub) -> None:
    p = sub.add_parser("card-font", help="rebuild the share-card font subset from Debian's fonts-noto-cjk")
    p.add_argument("--source", default=str(SOURCE_FONT), help="path of NotoSansCJK-Bold.ttc")
    p.set_defaults(func=cmd_card_font)
