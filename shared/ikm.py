"""Survei Kepuasan Masyarakat (PermenPANRB 14/2017): the nine elements and the IKM.

- NRR per element = sum of scores ÷ number of respondents who answered that element;
- IKM = (Σ NRR × 1/9) × 25, computed exactly (fractions), then rounded half-up to 2 decimals
  before it is classified into A/B/C/D;
- answers are keyed by element, never by position: offices order the questions differently.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Iterable, Mapping


@dataclass(frozen=True)
class Element:
    key: str
    name: str
    name_en: str
    question: str
    question_en: str
    labels: tuple[str, str, str, str]        # scores 1..4
    labels_en: tuple[str, str, str, str]


_SESUAI = ("Tidak sesuai", "Kurang sesuai", "Sesuai", "Sangat sesuai")
_SESUAI_EN = ("Not appropriate", "Less appropriate", "Appropriate", "Very appropriate")

ELEMENTS: tuple[Element, ...] = (
    Element("persyaratan", "Persyaratan", "Requirements",
            "Bagaimana pendapat Saudara tentang kesesuaian persyaratan pelayanan dengan jenis pelayanannya?",
            "How well do the service requirements fit the service?", _SESUAI, _SESUAI_EN),
    Element("prosedur", "Sistem, Mekanisme, dan Prosedur", "Systems, mechanisms and procedures",
            "Bagaimana pemahaman Saudara tentang kemudahan prosedur pelayanan di unit ini?",
            "How easy is the service procedure at this office?",
            ("Tidak mudah", "Kurang mudah", "Mudah", "Sangat mudah"),
            ("Not easy", "Less easy", "Easy", "Very easy")),
    Element("waktu", "Waktu Penyelesaian", "Completion time",
            "Bagaimana pendapat Saudara tentang kecepatan waktu dalam memberikan pelayanan?",
            "How fast was the service delivered?",
            ("Tidak cepat", "Kurang cepat", "Cepat", "Sangat cepat"),
            ("Not fast", "Less fast", "Fast", "Very fast")),
    Element("biaya", "Biaya/Tarif", "Cost/fee",
            "Bagaimana pendapat Saudara tentang kewajaran biaya/tarif dalam pelayanan?",
            "How fair is the cost or fee of the service?",
            ("Sangat mahal", "Cukup mahal", "Murah", "Gratis"),
            ("Very expensive", "Fairly expensive", "Cheap", "Free")),
    Element("produk", "Produk Spesifikasi Jenis Pelayanan", "Service product",
            "Bagaimana pendapat Saudara tentang kesesuaian produk pelayanan antara yang tercantum "
            "dalam standar pelayanan dengan hasil yang diberikan?",
            "How well does the product you received match the published service standard?",
            _SESUAI, _SESUAI_EN),
    Element("kompetensi", "Kompetensi Pelaksana", "Staff competence",
            "Bagaimana pendapat Saudara tentang kompetensi/kemampuan petugas dalam pelayanan?",
            "How competent were the officers?",
            ("Tidak kompeten", "Kurang kompeten", "Kompeten", "Sangat kompeten"),
            ("Not competent", "Less competent", "Competent", "Very competent")),
    Element("perilaku", "Perilaku Pelaksana", "Staff conduct",
            "Bagaimana pendapat Saudara tentang perilaku petugas dalam pelayanan terkait "
            "kesopanan dan keramahan?",
            "How polite and friendly were the officers?",
            ("Tidak sopan dan ramah", "Kurang sopan dan ramah", "Sopan dan ramah",
             "Sangat sopan dan ramah"),
            ("Not polite or friendly", "Less polite and friendly", "Polite and friendly",
             "Very polite and friendly")),
    Element("pengaduan", "Penanganan Pengaduan, Saran dan Masukan",
            "Handling of complaints and suggestions",
            "Bagaimana pendapat Saudara tentang penanganan pengaduan pengguna layanan?",
            "How are complaints from service users handled?",
            ("Tidak ada", "Ada tetapi tidak berfungsi", "Berfungsi kurang maksimal",
             "Dikelola dengan baik"),
            ("None", "Exists but does not work", "Works, not fully", "Well managed")),
    Element("sarana", "Sarana dan Prasarana", "Facilities",
            "Bagaimana pendapat Saudara tentang kualitas sarana dan prasarana?",
            "How good are the facilities?",
            ("Buruk", "Cukup", "Baik", "Sangat baik"), ("Poor", "Fair", "Good", "Very good")),
)
ELEMENT_KEYS = tuple(e.key for e in ELEMENTS)
WEIGHT = Fraction(1, len(ELEMENTS))          # exactly 1/9, not 0,111

# (lowest IKM of the band, mutu, kinerja unit pelayanan id, en)
BANDS = (
    (Decimal("88.31"), "A", "Sangat baik", "Very good"),
    (Decimal("76.61"), "B", "Baik", "Good"),
    (Decimal("65.00"), "C", "Kurang baik", "Poor"),
    (Decimal("25.00"), "D", "Tidak baik", "Very poor"),
)


@dataclass(frozen=True)
class ElementResult:
    key: str
    respondents: int
    total: int
    nrr: Fraction | None                 # on 1..4

    @property
    def nrr_decimal(self) -> Decimal | None:
        return None if self.nrr is None else round_half_up(self.nrr, 2)

    @property
    def converted(self) -> Decimal | None:
        """The element on the 25–100 scale (NRR × 25), rounded half-up."""
        return None if self.nrr is None else round_half_up(self.nrr * 25, 2)


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: tuple[ElementResult, ...]
    ikm_exact: Fraction | None
    ikm: Decimal | None                  # rounded half-up to 2 decimals
    mutu: str | None
    kinerja: str | None
    kinerja_en: str | None


def round_half_up(value: Fraction | Decimal | int, places: int = 2) -> Decimal:
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def classify(ikm: Decimal) -> tuple[str, str, str]:
    """(mutu, kinerja id, kinerja en) of an IKM already rounded to 2 decimals."""
    if not Decimal("25") <= ikm <= Decimal("100"):
        raise ValueError(f"IKM {ikm} is outside 25–100")
    for lowest, mutu, kinerja, kinerja_en in BANDS:
        if ikm >= lowest:
            return mutu, kinerja, kinerja_en
    raise AssertionError("unreachable")


def validate_answers(answers: Mapping[str, int]) -> dict[str, int]:
    """Keep known element keys with scores 1–4; anything else is a clear ValueError."""
    clean = {}
    for key, score in answers.items():
        if key not in ELEMENT_KEYS:
            raise ValueError(f"unknown survey element {key!r} (expected one of: {', '.join(ELEMENT_KEYS)})")
        if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 4:
            raise ValueError(f"score for {key!r} must be 1, 2, 3 or 4, not {score!r}")
        clean[key] = score
    return clean


def compute_ikm(responses: Iterable[Mapping[str, int]]) -> IkmResult:
    """IKM of a set of responses, each a mapping element key → score 1–4 (elements may be missing)."""
    totals = {k: 0 for k in ELEMENT_KEYS}
    counts = {k: 0 for k in ELEMENT_KEYS}
    n = 0
    for answers in responses:
        n += 1
        for key, score in validate_answers(answers).items():
            totals[key] += score
            counts[key] += 1
    elements = tuple(
        ElementResult(k, counts[k], totals[k], Fraction(totals[k], counts[k]) if counts[k] else None)
        for k in ELEMENT_KEYS)
    if any(e.nrr is None for e in elements):
        return IkmResult(n, elements, None, None, None, None, None)
    exact = sum((e.nrr * WEIGHT for e in elements), Fraction(0)) * 25
    ikm = round_half_up(exact, 2)
    mutu, kinerja, kinerja_en = classify(ikm)
    return IkmResult(n, elements, exact, ikm, mutu, kinerja, kinerja_en)


# Krejcie & Morgan (1970): population → minimum sample size (95 % confidence, 5 % margin).
KREJCIE_MORGAN = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148),
    (250, 152), (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175),
    (340, 181), (360, 186), (380, 191), (400, 196), (420, 201), (440, 205), (460, 210),
    (480, 214), (500, 217), (550, 226), (600, 234), (650, 242), (700, 248), (750, 254),
    (800, 260), (850, 265), (900, 269), (950, 274), (1000, 278), (1100, 285), (1200, 291),
    (1300, 297), (1400, 302), (1500, 306), (1600, 310), (1700, 313), (1800, 317), (1900, 320),
    (2000, 322), (2200, 327), (2400, 331), (2600, 335), (2800, 338), (3000, 341), (3500, 346),
    (4000, 351), (4500, 354), (5000, 357), (6000, 361), (7000, 364), (8000, 367), (9000, 368),
    (10000, 370), (15000, 375), (20000, 377), (30000, 379), (40000, 380), (50000, 381),
    (75000, 382), (100000, 384),
)


def krejcie_morgan(population: int) -> int:
    """Minimum respondents for a population: the table's row for the next population at or above
    it (conservative between rows); all of a population under 10; 384 above 100,000."""
    if population < 0:
        raise ValueError("population must not be negative")
    if population < 10:
        return population
    for size, sample in KREJCIE_MORGAN:
        if population <= size:
            return min(sample, population)
    return 384
