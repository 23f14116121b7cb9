"""The words and clips of a voice call (shared.announce) and the clip set on disk."""
from __future__ import annotations

import ast
import wave
from pathlib import Path

import pytest

from kiosk.board.voice_clips import SOUNDS_DIR, clip_path, join_clips, wav_duration, write_wav
from shared.announce import (CHIME, LETTER_CLIPS, announcement_clips, announcement_text,
                             announcement_words, clip_vocabulary, english_number_words,
                             number_tokens, say_number, split_code)
from shared.indonesian import number_words

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("n, words", [
    (0, "nol"), (7, "tujuh"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
    (19, "sembilan belas"), (20, "dua puluh"), (21, "dua puluh satu"), (100, "seratus"),
    (101, "seratus satu"), (110, "seratus sepuluh"), (111, "seratus sebelas"),
    (115, "seratus lima belas"), (123, "seratus dua puluh tiga"), (200, "dua ratus"),
    (999, "sembilan ratus sembilan puluh sembilan"), (1000, "seribu"), (1001, "seribu satu"),
    (1011, "seribu sebelas"), (2000, "dua ribu"), (11000, "sebelas ribu"),
    (1100, "seribu seratus"), (9999, "sembilan ribu sembilan ratus sembilan puluh sembilan"),
])
def test_indonesian_number_words(n, words):
    assert number_words(n) == words


@pytest.mark.parametrize("n, words", [
    (0, "zero"), (7, "seven"), (10, "ten"), (11, "eleven"), (12, "twelve"), (19, "nineteen"),
    (20, "twenty"), (21, "twenty-one"), (100, "one hundred"), (101, "one hundred one"),
    (110, "one hundred ten"), (115, "one hundred fifteen"), (123, "one hundred twenty-three"),
    (200, "two hundred"), (999, "nine hundred ninety-nine"), (1000, "one thousand"),
    (1011, "one thousand eleven"), (2000, "two thousand"),
    (9999, "nine thousand nine hundred ninety-nine"),
])
def test_english_number_words(n, words):
    assert say_number(n, "en") == words
    assert english_number_words(n) == words.replace("-", " ").split()


def test_a123_to_loket_3_indonesian():
    assert announcement_clips("A-123", "3", "id") == [
        "chime", "nomor_antrean", "huruf_a", "seratus", "dua", "puluh", "tiga",
        "silakan_menuju_loket", "tiga"]
    assert announcement_words("A-123", "3", "id") == [
        "nomor", "antrean", "a", "seratus", "dua", "puluh", "tiga",
        "silakan", "menuju", "loket", "tiga"]
    assert announcement_text("A-123", "3", "id") == \
        "Nomor antrean, A, seratus dua puluh tiga, silakan menuju loket, tiga."


def test_a123_to_counter_3_english():
    assert announcement_clips("A-123", "3", "en") == [
        "chime", "nomor_antrean", "huruf_a", "one", "hundred", "twenty", "three",
        "silakan_menuju_loket", "three"]
    assert announcement_text("A-123", "3", "en") == \
        "Ticket number, A, one hundred twenty-three, please proceed to counter, three."


def test_b007_to_loket_12_drops_leading_zeros():
    assert announcement_clips("B-007", "12", "id") == [
        "chime", "nomor_antrean", "huruf_b", "tujuh", "silakan_menuju_loket", "dua", "belas"]
    assert announcement_words("B-007", "12", "id") == [
        "nomor", "antrean", "be", "tujuh", "silakan", "menuju", "loket", "dua", "belas"]
    assert announcement_text("B-007", "12", "id") == \
        "Nomor antrean, Be, tujuh, silakan menuju loket, dua belas."
    assert announcement_clips("B-007", "12", "en", chime=False) == [
        "nomor_antrean", "huruf_b", "seven", "silakan_menuju_loket", "twelve"]
    assert announcement_text("B-007", "12", "en") == \
        "Ticket number, B, seven, please proceed to counter, twelve."


@pytest.mark.parametrize("code, counter, tail", [
    ("A-1000", "1", ["huruf_a", "seribu", "silakan_menuju_loket", "satu"]),
    ("AB-011", "5A", ["huruf_a", "huruf_b", "sebelas", "silakan_menuju_loket", "lima", "huruf_a"]),
    ("Q-010", "C", ["huruf_q", "sepuluh", "silakan_menuju_loket", "huruf_c"]),
    ("a1", "2", ["huruf_a", "satu", "silakan_menuju_loket", "dua"]),
])
def test_other_codes_and_counter_names(code, counter, tail):
    assert announcement_clips(code, counter, "id")[2:] == tail


def test_letter_names_follow_eyd():
    assert announcement_words("Q-001", "1")[2] == "ki"
    assert announcement_words("X-001", "1")[2] == "eks"
    assert announcement_words("Z-001", "1")[2] == "zet"


@pytest.mark.parametrize("bad", ["", "123", "A-", "ABCD-001", "A-12x"])
def test_bad_codes_are_refused(bad):
    with pytest.raises(ValueError):
        split_code(bad)


def test_unknown_language_is_refused():
    with pytest.raises(ValueError):
        announcement_clips("A-001", "1", "fr")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_clip_for_0_to_9999_and_every_letter_exists(lang):
    needed = set(LETTER_CLIPS) | {"nomor_antrean", "silakan_menuju_loket"}
    for n in range(10_000):
        needed.update(number_tokens(n, lang))
    assert needed <= set(clip_vocabulary(lang))
    missing = [c for c in sorted(needed) if not (SOUNDS_DIR / lang / f"{c}.wav").is_file()]
    assert missing == []
    assert (SOUNDS_DIR / f"{CHIME}.wav").is_file()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_clip_set_is_small_16khz_mono(lang):
    files = sorted((SOUNDS_DIR / lang).glob("*.wav"))
    assert len(files) == len(clip_vocabulary(lang))
    for f in files + [SOUNDS_DIR / "chime.wav"]:
        with wave.open(str(f)) as w:
            assert (w.getframerate(), w.getnchannels(), w.getsampwidth()) == (16000, 1, 2), f
            assert 0.1 < w.getnframes() / 16000 < 3.0, f
    total = sum(f.stat().st_size for f in SOUNDS_DIR.rglob("*.wav"))
    assert total < 4 * 1024 * 1024


def test_own_recordings_override_the_default_clip(tmp_path):
    write_wav(tmp_path / "id" / "tiga.wav", [0.0] * 8000)
    assert clip_path("tiga", "id", tmp_path) == tmp_path / "id" / "tiga.wav"
    assert clip_path("dua", "id", tmp_path) == SOUNDS_DIR / "id" / "dua.wav"   # falls back
    assert clip_path("chime", "id", tmp_path) == SOUNDS_DIR / "chime.wav"
    assert clip_path("no_such_clip", "id", tmp_path) is None


def test_join_clips_converts_other_rates_and_channels(tmp_path):
    write_wav(tmp_path / "a.wav", [0.1] * 16000)                  # 1 s at 16 kHz mono
    with wave.open(str(tmp_path / "b.wav"), "wb") as w:           # 0.5 s at 44.1 kHz stereo
        w.setnchannels(2)
        w.setsampwidth(2)
        w.setframerate(44100)
        w.writeframes(b"\x10\x00" * 2 * 22050)
    duration = join_clips([tmp_path / "a.wav", tmp_path / "b.wav"], tmp_path / "out.wav")
    assert duration == pytest.approx(1.5, abs=0.01)
    assert wav_duration(tmp_path / "out.wav") == pytest.approx(1.5, abs=0.01)
    with wave.open(str(tmp_path / "out.wav")) as w:
        assert (w.getframerate(), w.getnchannels()) == (16000, 1)


def test_announce_module_has_no_qt():
    tree = ast.parse((ROOT / "shared" / "announce.py").read_text(encoding="utf-8"))
    imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert not [m for m in imported if m.startswith("PySide6")]
