"""Board texts: the running text along the lobby board, its media pane (a folder of images), and
the footer lines of the receipt (*maklumat pelayanan*)."""
from __future__ import annotations

from PySide6.QtWidgets import (QFileDialog, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QSpinBox, QVBoxLayout)

from shared.admin import edits

from counter.admin.common import AdminPage, button, labelled, panel


class BoardPage(AdminPage):
    title = "Papan informasi & struk"
    intro = ("Teks berjalan di bagian bawah papan ruang tunggu (satu baris satu pesan), panel "
             "gambar di sampingnya, dan catatan kaki yang dicetak di setiap struk.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        box = panel()
        grid = QGridLayout(box)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.running_text = QPlainTextEdit(objectName="running_text")
        self.running_text.setMinimumHeight(120)
        self.footer = QPlainTextEdit(objectName="footer")
        self.footer.setMinimumHeight(110)
        self.media_dir = QLineEdit(objectName="media_dir")
        self.media_dir.setPlaceholderText("kosong = tanpa panel gambar")
        self.choose = button("Pilih folder…", "choose_media")
        self.choose.clicked.connect(self._choose)
        folder = QHBoxLayout()
        folder.addWidget(self.media_dir, 1)
        folder.addWidget(self.choose)
        self.interval = QSpinBox(objectName="media_interval_s")
        self.interval.setRange(2, 3600)
        self.interval.setSuffix(" detik")
        labelled(grid, 0, "Teks berjalan", self.running_text)
        grid.addWidget(QLabel("Catatan kaki struk", objectName="field_label"), 1, 0)
        grid.addWidget(self.footer, 1, 1)
        grid.addWidget(QLabel("Folder gambar", objectName="field_label"), 2, 0)
        grid.addLayout(folder, 2, 1)
        labelled(grid, 3, "Tiap gambar tampil", self.interval)
        tip = QLabel("Perubahan tampil di papan dan anjungan tanpa memulai ulang.",
                     objectName="hint")
        grid.addWidget(tip, 4, 1)
        grid.setColumnStretch(1, 1)
        self.inputs.update(running_text=self.running_text, footer=self.footer,
                           media_dir=self.media_dir, media_interval_s=self.interval)
        self.save_button = button("Simpan", "save_board", primary=True)
        self.save_button.clicked.connect(self.save_board)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        col = QVBoxLayout()
        col.addWidget(box)
        col.addLayout(buttons)
        col.addStretch(1)
        self.body.addLayout(col, 1)
        self.reload()

    def reload(self) -> None:
        config = self.admin.config()
        self.running_text.setPlainText(config.running_text)
        self.footer.setPlainText("\n".join(config.footer))
        self.media_dir.setText(config.board.media_dir or "")
        self.interval.setValue(config.board.media_interval_s)

    def _choose(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Folder gambar papan",
                                                  self.media_dir.text())
        if folder:
            self.media_dir.setText(folder)

    def save_board(self) -> None:
        lines = [line.rstrip() for line in self.footer.toPlainText().splitlines()]
        while lines and not lines[-1]:
            lines.pop()
        self.save(edits.set_board_texts(self.running_text.toPlainText().strip(), lines,
                                        self.media_dir.text().strip(), self.interval.value()),
                  "Teks papan dan struk disimpan — papan memakainya sekarang.")
