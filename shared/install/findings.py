"""A finding of `antrean doctor`: what was checked, how it stands, and what to do — each in
Indonesian and in English."""
from __future__ import annotations

from dataclasses import asdict, dataclass

LEVELS = ("ok", "info", "warning", "fix")
TAGS = {"ok": "[ OK ]", "info": "[INFO]", "warning": "[PERHATIAN]", "fix": "[PERBAIKI]"}


@dataclass(frozen=True)
class Finding:
    check: str            # database | printer | sound | server | clock | install
    level: str            # ok | info | warning (worth a look) | fix (must be fixed)
    message: str
    message_en: str
    todo: str = ""        # what to do, when there is something to do
    todo_en: str = ""

    def as_dict(self) -> dict:
        return asdict(self)

    def lines(self) -> list[str]:
        tag = TAGS[self.level]
        pad = " " * (len(tag) + 1)
        out = [f"{tag} {self.message}", f"{pad}{self.message_en}"]
        if self.todo:
            out += [f"{pad}→ {self.todo}", f"{pad}→ {self.todo_en}"]
        return out


def ok(check: str, message: str, message_en: str) -> Finding:
    return Finding(check, "ok", message, message_en)


def info(check: str, message: str, message_en: str, todo: str = "", todo_en: str = "") -> Finding:
    return Finding(check, "info", message, message_en, todo, todo_en)


def warning(check: str, message: str, message_en: str, todo: str = "",
            todo_en: str = "") -> Finding:
    return Finding(check, "warning", message, message_en, todo, todo_en)


def fix(check: str, message: str, message_en: str, todo: str, todo_en: str) -> Finding:
    return Finding(check, "fix", message, message_en, todo, todo_en)
