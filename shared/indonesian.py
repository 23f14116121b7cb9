"""Indonesian words the public reads and hears: dates, times, zones, number words, letter names.

Tables rather than the OS locale: office PCs rarely have an id_ID locale installed.
"""
from __future__ import annotations

from datetime import date, datetime

DAY_NAMES_ID = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
DAY_NAMES_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli",
                  "Agustus", "September", "Oktober", "November", "Desember")
MONTH_NAMES_EN = ("January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December")

# Indonesia has no DST; the abbreviation follows the zone, not the offset alone.
ZONE_ABBREVIATIONS = {
    "Asia/Jakarta": "WIB",
    "Asia/Pontianak": "WIB",
    "Asia/Makassar": "WITA",
    "Asia/Jayapura": "WIT",
}


def zone_abbreviation(tz_name: str) -> str:
    """WIB / WITA / WIT for Indonesian zones; the IANA name otherwise."""
    return ZONE_ABBREVIATIONS.get(tz_name, tz_name)


def format_date(d: date, lang: str = "id") -> str:
    """'Senin, 23 November 2026' (day without a leading zero); English: 'Monday, 23 November 2026'."""
    days, months = (DAY_NAMES_EN, MONTH_NAMES_EN) if lang == "en" else (DAY_NAMES_ID, MONTH_NAMES_ID)
    return f"{days[d.weekday()]}, {d.day} {months[d.month - 1]} {d.year}"


def format_time(t: datetime, lang: str = "id", seconds: bool = False) -> str:
    """24-hour clock with a period in Indonesian ('08.15'), a colon in English ('08:15')."""
    sep = ":" if lang == "en" else "."
    text = f"{t.hour:02d}{sep}{t.minute:02d}"
    if seconds:
        text += f"{sep}{t.second:02d}"
    return text


def format_datetime_long(local: datetime, tz_name: str, lang: str = "id") -> str:
    """'Senin, 23 November 2026 pukul 08.15 WIB' from a local (office-zone) datetime."""
    word = "at" if lang == "en" else "pukul"
    return f"{format_date(local, lang)} {word} {format_time(local, lang)} {zone_abbreviation(tz_name)}"


def format_minutes(minutes: float | int | None, lang: str = "id") -> str:
    """A duration for the public: '± 25 menit', '± 1 jam 5 menit', 'kurang dari 1 menit'."""
    if minutes is None:
        return "-"
    m = int(round(minutes))
    if m < 1:
        return "less than 1 minute" if lang == "en" else "kurang dari 1 menit"
    hours, mins = divmod(m, 60)
    if lang == "en":
        parts = ([f"{hours} h"] if hours else []) + ([f"{mins} min"] if mins else [])
    else:
        parts = ([f"{hours} jam"] if hours else []) + ([f"{mins} menit"] if mins else [])
    return "± " + " ".join(parts)


_UNITS = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan", "sembilan")


def number_words(n: int) -> str:
    """Indonesian number words: 111 → 'seratus sebelas', 1000 → 'seribu' (never 'satu ribu')."""
    if n < 0:
        return "minus " + number_words(-n)
    if n == 0:
        return "nol"
    return " ".join(_words_below_1e12(n))


def _words_below_1e12(n: int) -> list[str]:
    words: list[str] = []
    for size, name in ((10**9, "miliar"), (10**6, "juta"), (1000, "ribu")):
        group, n = divmod(n, size)
        if group:
            if group == 1 and size == 1000:
                words.append("seribu")
            else:
                words += _words_below_1000(group) + [name]
    words += _words_below_1000(n)
    return words


def _words_below_1000(n: int) -> list[str]:
    words: list[str] = []
    hundreds, rest = divmod(n, 100)
    if hundreds == 1:
        words.append("seratus")
    elif hundreds:
        words += [_UNITS[hundreds], "ratus"]
    if rest == 0:
        return words
    if rest < 10:
        words.append(_UNITS[rest])
    elif rest == 10:
        words.append("sepuluh")
    elif rest == 11:
        words.append("sebelas")
    elif rest < 20:
        words += [_UNITS[rest - 10], "belas"]
    else:
        tens, units = divmod(rest, 10)
        words += [_UNITS[tens], "puluh"]
        if units:
            words.append(_UNITS[units])
    return words


# Letter names per EYD, as an announcer says them.
LETTER_NAMES_ID = {
    "A": "a", "B": "be", "C": "ce", "D": "de", "E": "e", "F": "ef", "G": "ge", "H": "ha",
    "I": "i", "J": "je", "K": "ka", "L": "el", "M": "em", "N": "en", "O": "o", "P": "pe",
    "Q": "ki", "R": "er", "S": "es", "T": "te", "U": "u", "V": "fe", "W": "we", "X": "eks",
    "Y": "ye", "Z": "zet",
}


def letter_name(letter: str, lang: str = "id") -> str:
    """How a prefix letter is read aloud ('A' → 'a', 'Q' → 'ki'); English uses the letter itself."""
    letter = letter.upper()
    if lang == "en":
        return letter
    return LETTER_NAMES_ID[letter]
