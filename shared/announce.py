"""The words of a voice call, and the sound clips that say them. No Qt here.

"Nomor antrean, A, seratus dua puluh tiga, silakan menuju loket, tiga." — and in English
"Ticket number, A, one hundred twenty-three, please proceed to counter, three."

Clips are named so that any number up to 999 999 is composed from a small vocabulary
(Indonesian: satu … sembilan, sepuluh, sebelas, belas, puluh, seratus, ratus, seribu, ribu;
English: one … nineteen, twenty … ninety, hundred, thousand), letters are `huruf_a` … `huruf_z`,
and the two fixed phrases are `nomor_antrean` and `silakan_menuju_loket` in every language, so an
office recording its own voice records the same file names for each language folder.
"""
from __future__ import annotations

import re

from shared.indonesian import LETTER_NAMES_ID, number_words

LANGUAGES = ("id", "en")
CHIME = "chime"
PHRASE_CLIPS = ("nomor_antrean", "silakan_menuju_loket")

PHRASES = {
    "id": {"nomor_antrean": "Nomor antrean", "silakan_menuju_loket": "silakan menuju loket"},
    "en": {"nomor_antrean": "Ticket number", "silakan_menuju_loket": "please proceed to counter"},
}

_EN_UNITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
             "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
             "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Indonesian words that each have a clip: every word number_words() produces below a million.
_ID_NUMBER_CLIPS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
                    "sembilan", "sepuluh", "sebelas", "belas", "puluh", "seratus", "ratus",
                    "seribu", "ribu")
_EN_NUMBER_CLIPS = _EN_UNITS + _EN_TENS[2:] + ("hundred", "thousand")
LETTER_CLIPS = tuple(f"huruf_{chr(c)}" for c in range(ord("a"), ord("z") + 1))
# Spoken "A" in English is the letter's name; espeak and people both say it from the capital.
_EN_LETTER_SAY = {chr(c): chr(c) for c in range(ord("A"), ord("Z") + 1)}

_CODE_RE = re.compile(r"^\s*([A-Za-z]{1,3})\s*-?\s*(\d{1,6})\s*$")
_RUN_RE = re.compile(r"\d+|[A-Za-z]")


def english_number_words(n: int) -> list[str]:
    """English number words as separate tokens: 123 → ['one', 'hundred', 'twenty', 'three']
    (US style, no 'and'). Written form joins tens and units with a hyphen (see `say_number`)."""
    if n < 0:
        return ["minus"] + english_number_words(-n)
    if n == 0:
        return ["zero"]
    if n >= 1_000_000:
        raise ValueError(f"{n} is too large to read aloud (below one million)")
    words: list[str] = []
    thousands, rest = divmod(n, 1000)
    if thousands:
        words += _en_below_1000(thousands) + ["thousand"]
    words += _en_below_1000(rest)
    return words


def _en_below_1000(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds:
        words += [_EN_UNITS[hundreds], "hundred"]
    if rest >= 20:
        tens, units = divmod(rest, 10)
        words.append(_EN_TENS[tens])
        if units:
            words.append(_EN_UNITS[units])
    elif rest:
        words.append(_EN_UNITS[rest])
    return words


def number_tokens(n: int, lang: str) -> list[str]:
    """The word tokens of a number in a language; each token is also a clip name."""
    if lang == "en":
        return english_number_words(n)
    if not 0 <= n < 1_000_000:
        raise ValueError(f"{n} is out of range for a voice call (0–999999)")
    return number_words(n).split()


def say_number(n: int, lang: str) -> str:
    """A number as a person writes what is said: 'seratus dua puluh tiga', 'one hundred twenty-three'."""
    tokens = number_tokens(n, lang)
    if lang != "en":
        return " ".join(tokens)
    out: list[str] = []
    for tok in tokens:
        if out and out[-1] in _EN_TENS[2:] and tok in _EN_UNITS[1:10]:
            out[-1] += "-" + tok
        else:
            out.append(tok)
    return " ".join(out)


def _letter(letter: str, lang: str) -> tuple[str, str]:
    """(spoken word, clip name) for one letter."""
    up = letter.upper()
    word = _EN_LETTER_SAY[up] if lang == "en" else LETTER_NAMES_ID[up]
    return word, f"huruf_{up.lower()}"


def split_code(code: str) -> tuple[str, int]:
    """'A-123' → ('A', 123); 'AB-007' → ('AB', 7). Raises ValueError on anything else."""
    m = _CODE_RE.match(code)
    if not m:
        raise ValueError(f"{code!r} is not a ticket code like 'A-123'")
    return m.group(1).upper(), int(m.group(2))


def _name_parts(name: str, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """A counter name read aloud: digit runs as numbers, letters one by one ('12B' → 12, B)."""
    parts = []
    for run in _RUN_RE.findall(name):
        if run.isdigit():
            tokens = number_tokens(int(run), lang)
            parts.append((say_number(int(run), lang), tokens, list(tokens)))
        else:
            word, clip = _letter(run, lang)
            parts.append((word.capitalize() if lang == "id" else word, [word], [clip]))
    if not parts:
        raise ValueError(f"counter name {name!r} has nothing to read aloud")
    return parts


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} must be one of: {', '.join(LANGUAGES)}")


def _phrases(code: str, counter_name: str, lang: str) -> list[tuple[str, list[str], list[str]]]:
    """[(written phrase, word tokens, clip names)] in speaking order."""
    _check_lang(lang)
    prefix, number = split_code(code)
    out: list[tuple[str, list[str], list[str]]] = []
    phrase = PHRASES[lang]["nomor_antrean"]
    out.append((phrase, phrase.lower().split(), ["nomor_antrean"]))
    for ch in prefix:
        out += _name_parts(ch, lang)
    tokens = number_tokens(number, lang)
    out.append((say_number(number, lang), tokens, list(tokens)))
    phrase = PHRASES[lang]["silakan_menuju_loket"]
    out.append((phrase, phrase.lower().split(), ["silakan_menuju_loket"]))
    out += _name_parts(counter_name, lang)
    return out


def announcement_words(code: str, counter_name: str, lang: str = "id") -> list[str]:
    """The words spoken, one token each, lower case:
    ('A-123', '3', 'id') → ['nomor', 'antrean', 'a', 'seratus', 'dua', 'puluh', 'tiga',
    'silakan', 'menuju', 'loket', 'tiga']."""
    return [w.lower() for _, words, _ in _phrases(code, counter_name, lang) for w in words]


def announcement_text(code: str, counter_name: str, lang: str = "id") -> str:
    """The sentence for a speech engine, with commas where the announcer pauses:
    'Nomor antrean, A, seratus dua puluh tiga, silakan menuju loket, tiga.'"""
    return ", ".join(text for text, _, _ in _phrases(code, counter_name, lang)) + "."


def announcement_clips(code: str, counter_name: str, lang: str = "id",
                       chime: bool = True) -> list[str]:
    """Clip names in playing order, the chime first:
    ['chime', 'nomor_antrean', 'huruf_a', 'seratus', 'dua', 'puluh', 'tiga',
     'silakan_menuju_loket', 'tiga']."""
    clips = [CHIME] if chime else []
    for _, _, names in _phrases(code, counter_name, lang):
        clips += names
    return clips


def clip_vocabulary(lang: str) -> dict[str, str]:
    """Every clip a language needs → the text a speech engine says to record it."""
    _check_lang(lang)
    vocab = dict(PHRASES[lang])
    for clip in LETTER_CLIPS:
        letter = clip[-1].upper()
        vocab[clip] = _letter(letter, lang)[0]
    for word in (_EN_NUMBER_CLIPS if lang == "en" else _ID_NUMBER_CLIPS):
        vocab[word] = word
    return vocab
