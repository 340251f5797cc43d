"""Vietnamese text: NFC storage, search keys that ignore diacritics, identity keys that ignore
only where the tone mark sits.

Official texts write one name two ways ("Hoà Bình" and "Hòa Bình"). For search, `fold` drops
every mark, so "hoa binh" finds both. For matching rows on import, `name_key` keeps the tone but
not its position, so "Hoà" and "Hòa" are one key while "Hòa" and "Hóa" stay apart.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Search forms and keys live in 200-character columns beside names of up to 200 characters, and
# they can be longer than the name: every tone becomes a digit ("Hòa" → "hoa2"), a few letters
# grow when folded ("ß" → "ss"). They are cut to the column: names alike for 200 characters
# are one name.
KEY_LENGTH = 200
# Tone marks as combining characters, with the digit a key writes for each.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0309": "3", "\u0303": "4", "\u0323": "5"}


def clean(value):
    """NFC, trimmed, inner runs of white space (including no-break spaces) made one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value):
    """Lower case with no diacritics at all: the search form of a text ("Hoà Bình" → "hoa binh")."""
    text = unicodedata.normalize("NFD", clean(value).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("đ", "d")[:KEY_LENGTH]


def name_key(value):
    """The identity of a name: case, spacing and tone placement ignored, tones kept.

    Each word loses its tone mark and gets the tone as a digit instead: "Hoà" and "Hòa" are
    both "hoa2", "Hóa" is "hoa1".
    """
    words = []
    for word in clean(value).casefold().split(" "):
        decomposed = unicodedata.normalize("NFD", word)
        tones = "".join(_TONES[ch] for ch in decomposed if ch in _TONES)
        bare = "".join(ch for ch in decomposed if ch not in _TONES)
        words.append(unicodedata.normalize("NFC", bare) + tones)
    return " ".join(words)[:KEY_LENGTH]


_NOT_WORD = re.compile(r"[\W_]+")


def choice_key(value):
    """The key of a word from a fixed list (a type, a gender): `fold`, with punctuation read as
    a space, so "Sở, ban, ngành", "SO BAN NGANH" and "sở - ban - ngành" are one key."""
    return _NOT_WORD.sub(" ", fold(value)).strip()
