"""Qt helpers that the kiosk, board and counter apps share. The only place in shared/ with Qt."""
