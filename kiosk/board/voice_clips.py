"""Generate the default voice clip set offline: `python -m kiosk.board.voice_clips [--out DIR]`.

Every clip of `shared.announce.clip_vocabulary()` is spoken by espeak-ng (Indonesian voice `id`,
English `en`), trimmed of its silences by sox, converted to 16 kHz mono 16-bit WAV and given the
pause that belongs after it, so the player only has to concatenate. The chime is synthesised
here with the `wave` module: a two-tone bell, "ting-tong".

Also the reading side: `clip_path()` finds a clip (an office's own recording first) and
`wav_duration()` reads its length, which the silent player uses to pace the queue.
"""
from __future__ import annotations

import argparse
import logging
import math
import shutil
import struct
import subprocess
import sys
import tempfile
import wave
from array import array
from pathlib import Path

from shared.announce import CHIME, LANGUAGES, clip_vocabulary

log = logging.getLogger(__name__)

from assets import SOUNDS as SOUNDS_DIR
RATE = 16_000
VOICES = {"id": "id", "en": "en-us"}
SPEED_WPM = {"id": 145, "en": 150}
# Silence (seconds) before and after a clip, so concatenation sounds like speech with commas.
PAUSES = {"nomor_antrean": (0.0, 0.30), "silakan_menuju_loket": (0.35, 0.25)}
LETTER_PAUSE = (0.0, 0.22)
NUMBER_PAUSE = (0.0, 0.04)


# --- reading ------------------------------------------------------------------------------

def clip_path(name: str, lang: str, own_dir: Path | None = None,
              default_dir: Path = SOUNDS_DIR) -> Path | None:
    """Where clip `name` of `lang` is: the office's own folder first (`<own>/<lang>/<name>.wav`,
    or `<own>/chime.wav`), then the default set. None when neither has it."""
    rel = Path(f"{name}.wav") if name == CHIME else Path(lang) / f"{name}.wav"
    for base in ([own_dir] if own_dir else []) + [default_dir]:
        candidate = base / rel
        if candidate.is_file():
            return candidate
    return None


def join_clips(paths: list[Path], out: Path) -> float:
    """Concatenate WAV clips into one file (gapless, unlike playing them one by one) and return
    its duration. Clips in another rate or channel count than the first are converted, so an
    office's own recordings may mix formats; 8-bit or 24-bit clips are skipped with a warning."""
    rate = channels = None
    chunks: list[bytes] = []
    for path in paths:
        try:
            with wave.open(str(path), "rb") as w:
                if w.getsampwidth() != 2:
                    log.warning("%s: only 16-bit PCM WAV is supported; clip skipped", path)
                    continue
                frames, r, ch = w.readframes(w.getnframes()), w.getframerate(), w.getnchannels()
        except (OSError, wave.Error, EOFError) as exc:
            log.warning("cannot read clip %s: %s", path, exc)
            continue
        if rate is None:
            rate, channels = r, ch
        chunks.append(_convert(frames, r, ch, rate, channels))
    out.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(out), "wb") as w:
        w.setnchannels(channels or 1)
        w.setsampwidth(2)
        w.setframerate(rate or RATE)
        for chunk in chunks:
            w.writeframes(chunk)
    frames = sum(len(c) for c in chunks) // (2 * (channels or 1))
    return frames / float(rate or RATE)


def _convert(frames: bytes, rate: int, channels: int, to_rate: int, to_channels: int) -> bytes:
    """16-bit PCM to another channel count and rate (linear interpolation is enough for speech)."""
    if rate == to_rate and channels == to_channels:
        return frames
    samples = array("h", frames)
    if sys.byteorder == "big":
        samples.byteswap()
    if channels != 1:  # down to mono first
        samples = array("h", (sum(samples[i:i + channels]) // channels
                              for i in range(0, len(samples), channels)))
    if rate != to_rate and samples:
        step = rate / to_rate
        n_out = int(len(samples) / step)
        last = len(samples) - 1
        resampled = array("h")
        for i in range(n_out):
            pos = i * step
            j = int(pos)
            frac = pos - j
            a, b = samples[j], samples[min(j + 1, last)]
            resampled.append(int(a + (b - a) * frac))
        samples = resampled
    if to_channels != 1:
        samples = array("h", (s for s in samples for _ in range(to_channels)))
    if sys.byteorder == "big":
        samples.byteswap()
    return samples.tobytes()


def wav_duration(path: Path) -> float:
    """Seconds of audio in a WAV file (0.0 when it cannot be read)."""
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, wave.Error, EOFError, ZeroDivisionError) as exc:
        log.warning("cannot read %s: %s", path, exc)
        return 0.0


# --- the chime ----------------------------------------------------------------------------

def chime_samples(rate: int = RATE) -> list[float]:
    """Two bell strokes, E5 then C5 ("ting-tong"), with soft inharmonic partials."""
    length = int(rate * 1.9)
    out = [0.0] * length
    partials = ((1.0, 1.0), (2.0, 0.32), (3.01, 0.12), (4.17, 0.05))
    for start, freq, decay in ((0.0, 659.25, 0.55), (0.55, 523.25, 0.75)):
        first = int(start * rate)
        for i in range(length - first):
            t = i / rate
            env = min(1.0, t / 0.006) * math.exp(-t / decay)
            if env < 1e-4:
                break
            out[first + i] += env * sum(a * math.sin(2 * math.pi * freq * k * t) * math.exp(-t * k * 0.8)
                                        for k, a in partials)
    peak = max(abs(x) for x in out) or 1.0
    gain = 10 ** (-3 / 20) / peak
    return [x * gain for x in out]


def write_wav(path: Path, samples: list[float], rate: int = RATE) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", max(-32767, min(32767, int(x * 32767)))) for x in samples)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


# --- speech clips -------------------------------------------------------------------------

def _pauses(name: str) -> tuple[float, float]:
    if name in PAUSES:
        return PAUSES[name]
    return LETTER_PAUSE if name.startswith("huruf_") else NUMBER_PAUSE


def speak_clip(text: str, lang: str, out: Path, pauses: tuple[float, float]) -> None:
    """espeak-ng → trim leading/trailing silence → 16 kHz mono → add the clip's pauses."""
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", VOICES[lang], "-s", str(SPEED_WPM[lang]), "-w", str(raw),
                        text], check=True, capture_output=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["sox", str(raw), "-r", str(RATE), "-c", "1", "-b", "16", str(out),
                        "silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%",
                        "reverse", "gain", "-n", "-2", "pad", f"{pauses[0]:.2f}", f"{pauses[1]:.2f}"],
                       check=True, capture_output=True)


def generate(out_dir: Path = SOUNDS_DIR, languages=LANGUAGES) -> dict[str, int]:
    """Write the whole default set; returns the number of files per language (and the chime)."""
    for tool in ("espeak-ng", "sox"):
        if shutil.which(tool) is None:
            raise SystemExit(f"{tool} is needed to generate the clips (apt-get install {tool})")
    write_wav(out_dir / f"{CHIME}.wav", chime_samples())
    counts = {"chime": 1}
    for lang in languages:
        vocab = clip_vocabulary(lang)
        for name, text in vocab.items():
            speak_clip(text, lang, out_dir / lang / f"{name}.wav", _pauses(name))
        counts[lang] = len(vocab)
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Generate the default voice clips with espeak-ng.")
    p.add_argument("--out", type=Path, default=SOUNDS_DIR, help=f"folder (default {SOUNDS_DIR})")
    p.add_argument("--lang", action="append", choices=LANGUAGES, help="only these languages")
    args = p.parse_args(argv)
    counts = generate(args.out, args.lang or LANGUAGES)
    size = sum(f.stat().st_size for f in args.out.rglob("*.wav"))
    print(f"{args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items())
          + f" clips, {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
