"""Backups: the last one (and a warning when it is older than a day), "back up now" off the GUI
thread, and where, when and how many daily backups go (a USB disk, a network share)."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGridLayout, QHBoxLayout, QLabel,
                               QLineEdit, QSpinBox, QTimeEdit, QVBoxLayout)

from shared.domain import AntreanError
from shared.indonesian import format_date, format_time
from shared.store import backup

from counter.admin.common import AdminPage, button, item_list, labelled, panel, repolish


class _Done(QObject):
    finished = Signal(object, object)     # BackupInfo or None, error or None


class _BackupJob(QRunnable):
    def __init__(self, db_path: Path, actor: str, now, signals: _Done):
        super().__init__()
        self.db_path, self.actor, self.now, self.signals = db_path, actor, now, signals

    def run(self) -> None:
        try:
            info = backup.backup_now(self.db_path, actor=self.actor, now=self.now)
            self.signals.finished.emit(info, None)
        except Exception as exc:  # noqa: BLE001 — BackupError or worse: said on the page
            self.signals.finished.emit(None, exc)


class BackupsPage(AdminPage):
    title = "Cadangan data"
    intro = ("Satu berkas menyimpan seluruh riwayat antrean, survei dan pengaduan untuk laporan "
             "monev. Cadangan dibuat setiap hari saat antrean berjalan, juga ketika anjungan dan "
             "loket sedang bekerja. Simpan di diska USB atau folder jaringan, bukan di diska "
             "yang sama. Pemulihan: antrean restore BERKAS.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self.signals = _Done(self)
        self.signals.finished.connect(self._made)
        state = panel()
        s = QVBoxLayout(state)
        s.setContentsMargins(18, 14, 18, 14)
        s.addWidget(QLabel("Cadangan terakhir", objectName="section"))
        self.last = QLabel(objectName="big")
        self.last.setWordWrap(True)
        self.last_detail = QLabel(objectName="stat")
        self.last_detail.setWordWrap(True)
        self.warning = QLabel(objectName="message")
        self.warning.setWordWrap(True)
        self.now_button = button("Cadangkan sekarang", "backup_now", primary=True)
        self.now_button.clicked.connect(self.backup_now)
        s.addWidget(self.last)
        s.addWidget(self.last_detail)
        s.addWidget(self.warning)
        b = QHBoxLayout()
        b.addWidget(self.now_button)
        b.addStretch(1)
        s.addLayout(b)
        s.addWidget(QLabel("Cadangan di folder", objectName="section"))
        self.files = item_list()
        s.addWidget(self.files, 1)

        settings = panel()
        g = QGridLayout(settings)
        g.setContentsMargins(18, 14, 18, 14)
        g.setHorizontalSpacing(14)
        g.setVerticalSpacing(10)
        g.addWidget(QLabel("Cadangan harian", objectName="section"), 0, 0, 1, 2)
        self.enabled = QCheckBox("Buat cadangan setiap hari", objectName="enabled")
        self.folder = QLineEdit(objectName="folder")
        self.choose = button("Pilih…", "choose_folder")
        self.choose.clicked.connect(self._choose)
        row = QHBoxLayout()
        row.addWidget(self.folder, 1)
        row.addWidget(self.choose)
        self.at = QTimeEdit(objectName="at")
        self.at.setDisplayFormat("HH.mm")
        self.keep = QSpinBox(objectName="keep")
        self.keep.setRange(1, 365)
        self.keep.setSuffix(" cadangan terakhir")
        g.addWidget(self.enabled, 1, 0, 1, 2)
        g.addWidget(QLabel("Folder", objectName="field_label"), 2, 0)
        g.addLayout(row, 2, 1)
        labelled(g, 3, "Pukul", self.at)
        labelled(g, 4, "Simpan", self.keep)
        self.save_button = button("Simpan pengaturan", "save_backup")
        self.save_button.clicked.connect(self.save_settings)
        g.addWidget(self.save_button, 5, 1)
        g.setColumnStretch(1, 1)
        g.setRowStretch(6, 1)
        self.inputs.update(folder=self.folder, keep=self.keep, at=self.at)
        cols = QHBoxLayout()
        cols.setSpacing(18)
        cols.addWidget(state, 5)
        cols.addWidget(settings, 4)
        self.body.addLayout(cols, 1)
        self.reload()

    def _now(self) -> datetime:
        return self.admin.clock.now() if self.admin.clock else datetime.now(timezone.utc)

    def reload(self) -> None:
        status = backup.backup_status(self.admin.path, self._now())
        settings, last = status["settings"], status["last"]
        tz = self.admin.config().tz
        if last is None:
            self.last.setText("Belum pernah dicadangkan")
            self.last_detail.setText("")
        else:
            made = datetime.fromisoformat(last.made_at).astimezone(tz)
            self.last.setText(f"{format_date(made, 'id')}, pukul {format_time(made, 'id')}")
            hours = status["age"].total_seconds() / 3600
            ago = f"{hours:.0f} jam lalu" if hours >= 1 else "baru saja"
            self.last_detail.setText(f"{ago} · {last.tickets:,} tiket · "
                                     f"{last.size / 1e6:.1f} MB".replace(",", ".")
                                     + f"\n{Path(last.path).name}")
            self.last_detail.setToolTip(last.path)
        if status["last_failure"]:
            self._warn(f"Cadangan terakhir GAGAL: {status['last_failure']['error']}", "error")
        elif status["stale"]:
            self._warn("Peringatan: cadangan terakhir lebih dari sehari yang lalu. Tekan "
                       "“Cadangkan sekarang”." if last else "Peringatan: belum ada cadangan. "
                       "Tekan “Cadangkan sekarang”.", "error")
        else:
            self._warn("Cadangan terbaru berumur kurang dari sehari.", "ok")
        self.enabled.setChecked(settings.enabled)
        self.folder.setText(status["folder"])
        self.at.setTime(QTime.fromString(settings.at, "HH:mm"))
        self.keep.setValue(settings.keep)
        self.files.clear()
        for path in reversed(backup.list_backups(status["folder"])):
            self.files.addItem(f"{path.name}   {path.stat().st_size / 1e6:.1f} MB")

    def _warn(self, text: str, kind: str) -> None:
        self.warning.setText(text)
        repolish(self.warning, "kind", kind)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder cadangan", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def save_settings(self) -> None:
        self.clear_marks()
        settings = backup.BackupSettings(self.folder.text().strip(), self.keep.value(),
                                         self.at.time().toString("HH:mm"),
                                         self.enabled.isChecked())
        try:
            backup.save_settings(self.admin.path, settings, self.user["username"], self._now())
        except AntreanError as exc:
            self.mark("folder" if "Folder" in exc.message else "keep")
            self.show_message(exc.message, "error")
            return
        self.show_message("Pengaturan cadangan disimpan.", "ok")
        self.reload()

    def backup_now(self) -> None:
        self.now_button.setEnabled(False)
        self.show_message("Membuat cadangan… anjungan dan loket tetap bekerja.", "warn")
        self.pool.start(_BackupJob(self.admin.path, self.user["username"], self._now(),
                                   self.signals))

    def _made(self, info, error) -> None:
        self.now_button.setEnabled(True)
        if error is not None:
            self.show_message(getattr(error, "message", None) or str(error), "error")
        else:
            self.show_message(f"Cadangan dibuat: {info.path}", "ok")
        self.reload()

    def shutdown(self) -> None:
        self.pool.waitForDone(30_000)
