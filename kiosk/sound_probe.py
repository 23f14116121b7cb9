"""The sound outputs Qt multimedia sees on this PC, for `antrean doctor` (shared.install)."""
from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)


def audio_outputs() -> tuple[list[str], str]:
    """(every output device's name, the default one's name or ""). Qt's chatter about the audio
    back ends it tries goes to the log, not onto the doctor's report."""
    from PySide6.QtCore import QCoreApplication, qInstallMessageHandler
    from PySide6.QtMultimedia import QMediaDevices

    previous = qInstallMessageHandler(lambda _mode, _context, message:
                                      log.debug("qt: %s", message))
    try:
        if QCoreApplication.instance() is None:   # device lists need an application object
            probe_app = QCoreApplication(sys.argv[:1])   # noqa: F841 - lives for this call
        outputs = [d.description() for d in QMediaDevices.audioOutputs()]
        default = QMediaDevices.defaultAudioOutput()
        return outputs, ("" if default.isNull() else default.description())
    finally:
        qInstallMessageHandler(previous)
