"""IKM per PermenPANRB 14/2017: exact 1/9 weights, half-up rounding, bands, Krejcie–Morgan."""
from decimal import Decimal
from fractions import Fraction

import pytest

from shared.ikm import (ELEMENT_KEYS, ELEMENTS, classify, compute_ikm, krejcie_morgan,
                        round_half_up)


def all_(score):
    return {k: score for k in ELEMENT_KEYS}


def test_nine_elements_with_their_own_labels():
    assert ELEMENT_KEYS == ("persyaratan", "prosedur", "waktu", "biaya", "produk", "kompetensi",
                            "perilaku", "pengaduan", "sarana")
    biaya = {e.key: e for e in ELEMENTS}["biaya"]
    assert biaya.labels == ("Sangat mahal", "Cukup mahal", "Murah", "Gratis")
    assert all(len(e.labels) == 4 and len(e.labels_en) == 4 and e.question for e in ELEMENTS)


def test_all_fours_is_exactly_100():
    r = compute_ikm([all_(4)] * 7)
    assert r.ikm == Decimal("100.00") and r.mutu == "A" and r.kinerja == "Sangat baik"
    assert r.ikm_exact == 100  # 1/9 exactly, not 0,111 (which would give 99,90)


def test_all_ones_is_25():
    assert compute_ikm([all_(1)]).ikm == Decimal("25.00")
    assert compute_ikm([all_(1)]).mutu == "D"


@pytest.mark.parametrize("value,mutu", [
    ("100.00", "A"), ("88.31", "A"), ("88.30", "B"), ("76.61", "B"), ("76.60", "C"),
    ("65.00", "C"), ("64.99", "D"), ("25.00", "D"),
])
def test_band_boundaries(value, mutu):
    assert classify(Decimal(value))[0] == mutu


def test_half_up_rounding_before_classifying():
    assert round_half_up(Decimal("88.305")) == Decimal("88.31")
    # why float round() is not used: 88.315 is stored in binary just below itself
    assert round(88.315, 2) == 88.31 and round_half_up(Decimal("88.315")) == Decimal("88.32")
    assert classify(round_half_up(Fraction(88305, 1000)))[0] == "A"
    assert round_half_up(Fraction(76605, 1000)) == Decimal("76.61")
    assert round_half_up(Fraction(7660499, 100000)) == Decimal("76.60")


def test_hand_computed_data_set():
    # three respondents; 'biaya' answered by two only, 'sarana' by one only
    r1 = {"persyaratan": 3, "prosedur": 3, "waktu": 2, "biaya": 4, "produk": 3,
          "kompetensi": 4, "perilaku": 4, "pengaduan": 3, "sarana": 3}
    r2 = {"persyaratan": 4, "prosedur": 3, "waktu": 3, "biaya": 4, "produk": 3,
          "kompetensi": 3, "perilaku": 4, "pengaduan": 2}
    r3 = {"persyaratan": 3, "prosedur": 2, "waktu": 3, "produk": 4,
          "kompetensi": 3, "perilaku": 3, "pengaduan": 3}
    r = compute_ikm([r1, r2, r3])
    nrr = {e.key: e.nrr for e in r.elements}
    # by hand: persyaratan 10/3, prosedur 8/3, waktu 8/3, biaya 8/2 = 4, produk 10/3,
    # kompetensi 10/3, perilaku 11/3, pengaduan 8/3, sarana 3/1 = 3
    assert nrr == {"persyaratan": Fraction(10, 3), "prosedur": Fraction(8, 3),
                   "waktu": Fraction(8, 3), "biaya": Fraction(4), "produk": Fraction(10, 3),
                   "kompetensi": Fraction(10, 3), "perilaku": Fraction(11, 3),
                   "pengaduan": Fraction(8, 3), "sarana": Fraction(3)}
    assert {e.key: e.respondents for e in r.elements}["biaya"] == 2
    # Σ NRR = (10+8+8+10+10+11+8)/3 + 4 + 3 = 65/3 + 7 = 86/3
    # IKM = 86/3 × 1/9 × 25 = 2150/27 = 79.629629… → 79.63 (B, Baik)
    assert r.ikm_exact == Fraction(2150, 27)
    assert r.ikm == Decimal("79.63") and r.mutu == "B" and r.kinerja == "Baik"
    assert r.respondents == 3


def test_answers_keyed_by_element_not_position():
    forward = dict(zip(ELEMENT_KEYS, [1, 2, 3, 4, 1, 2, 3, 4, 1]))
    shuffled = dict(reversed(list(forward.items())))
    assert compute_ikm([forward]).ikm == compute_ikm([shuffled]).ikm


def test_an_element_nobody_answered_gives_no_ikm():
    partial = all_(4)
    del partial["sarana"]
    r = compute_ikm([partial])
    assert r.ikm is None and r.mutu is None


@pytest.mark.parametrize("bad", [{"persyaratan": 5}, {"persyaratan": 0}, {"harga": 3},
                                 {"waktu": "4"}, {"waktu": True}])
def test_bad_answers_are_refused(bad):
    with pytest.raises(ValueError):
        compute_ikm([bad])


@pytest.mark.parametrize("population,sample", [
    (0, 0), (5, 5), (10, 10), (12, 12), (50, 44), (100, 80), (101, 86), (1000, 278),
    (2500, 335), (10000, 370), (100000, 384), (2_000_000, 384),
])
def test_krejcie_morgan(population, sample):
    assert krejcie_morgan(population) == sample
