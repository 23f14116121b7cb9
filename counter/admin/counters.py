"""The counters page: each counter's name on the board, the services it calls, and whether it is
a priority counter (*loket prioritas*). A counter holding a ticket cannot be removed."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QListWidgetItem, QVBoxLayout)

from shared.admin import edits

from counter.admin.common import (AdminPage, add_item, button, item_list, labelled, panel,
                                  select_key)


class CountersPage(AdminPage):
    title = "Loket"
    intro = ("Loket yang memanggil nomor: namanya di papan dan panggilan suara, layanan yang "
             "dilayaninya, dan apakah loket itu khusus prioritas.")

    def __init__(self, admin, user, parent=None):
        super().__init__(admin, user, parent)
        self.current: str | None = None
        self.list = item_list()
        self.list.setMinimumWidth(300)
        self.list.currentItemChanged.connect(self._chosen)
        self.new_button = button("+ Loket baru", "new_counter")
        self.new_button.clicked.connect(self.new)
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        left.addWidget(self.new_button)

        form = panel()
        grid = QGridLayout(form)
        grid.setContentsMargins(18, 14, 18, 14)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(10)
        self.name = QLineEdit(objectName="name")
        self.label = QLineEdit(objectName="label")
        self.services = item_list("checks")
        self.services.setMinimumHeight(240)
        self.priority_only = QCheckBox("Loket prioritas: hanya memanggil tiket prioritas",
                                       objectName="priority_only")
        labelled(grid, 0, "Nomor / kode (tetap)", self.name, "dipakai riwayat")
        labelled(grid, 1, "Nama di papan", self.label, "mis. Loket 3")
        grid.addWidget(QLabel("Layanan yang dilayani", objectName="field_label"), 2, 0,
                       Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.services, 2, 1, 1, 2)
        grid.addWidget(self.priority_only, 3, 1, 1, 2)
        grid.setColumnStretch(1, 1)
        self.inputs.update(name=self.name, label=self.label, services=self.services,
                           priority_only=self.priority_only)
        self.save_button = button("Simpan loket", "save_counter", primary=True)
        self.save_button.clicked.connect(self.save_counter)
        self.remove_button = button("Hapus loket", "remove_counter", danger=True)
        self.remove_button.clicked.connect(self.remove_counter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right = QVBoxLayout()
        right.addWidget(form)
        right.addLayout(buttons)
        right.addStretch(1)
        row = QHBoxLayout()
        row.setSpacing(18)
        row.addLayout(left, 2)
        row.addLayout(right, 5)
        self.body.addLayout(row, 1)
        self.reload()

    def reload(self) -> None:
        self.config = config = self.admin.config()
        keep = self.current
        self.list.blockSignals(True)
        self.list.clear()
        for c in config.counters:
            names = ", ".join(config.service(s).prefix for s in c.services if config.service(s))
            add_item(self.list, f"{c.label}   ({names})", c.name)
        self.list.blockSignals(False)
        if keep is None or not select_key(self.list, keep):
            self.list.setCurrentRow(0)
        self._chosen(self.list.currentItem(), None)

    def _fill_services(self, chosen: tuple[str, ...]) -> None:
        self.services.clear()
        for s in self.config.services:
            item = QListWidgetItem(f"{s.prefix} · {s.name}" + ("" if s.active else " (nonaktif)"))
            item.setData(Qt.ItemDataRole.UserRole, s.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if s.code in chosen
                               else Qt.CheckState.Unchecked)
            self.services.addItem(item)

    def _chosen(self, item, _previous) -> None:
        if item is None:
            return
        c = self.config.counter(item.data(Qt.ItemDataRole.UserRole))
        self.current = c.name
        self.clear_marks()
        self.name.setText(c.name)
        self.name.setReadOnly(True)
        self.label.setText(c.label)
        self.priority_only.setChecked(c.priority_only)
        self._fill_services(c.services)
        self.remove_button.setEnabled(True)

    def new(self) -> None:
        self.current = None
        self.list.clearSelection()
        self.clear_marks()
        numbers = [int(c.name) for c in self.config.counters if c.name.isdigit()]
        following = str(max(numbers, default=0) + 1)
        self.name.setReadOnly(False)
        self.name.setText(following)
        self.label.setText(f"Loket {following}")
        self.priority_only.setChecked(False)
        self._fill_services(())
        self.remove_button.setEnabled(False)
        self.label.setFocus()

    def chosen_services(self) -> list[str]:
        return [self.services.item(i).data(Qt.ItemDataRole.UserRole)
                for i in range(self.services.count())
                if self.services.item(i).checkState() == Qt.CheckState.Checked]

    def save_counter(self) -> None:
        fields = {"name": self.name.text().strip(), "label": self.label.text().strip(),
                  "services": self.chosen_services(),
                  "priority_only": self.priority_only.isChecked()}
        original = self.current
        if self.save(edits.save_counter(original, fields),
                     f"{fields['label'] or 'Loket'} disimpan — papan dan konsol loket memakainya "
                     "sekarang.") and original is None:
            select_key(self.list, fields["name"])

    def remove_counter(self) -> None:
        if self.current is None:
            return
        gone = self.current
        if self.save(edits.remove_counter(gone), f"Loket {gone} dihapus (riwayatnya tetap "
                                                 "tersimpan)."):
            self.current = None
            self.reload()
