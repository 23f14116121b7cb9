"""What the public sees: the ticket kiosk (`kiosk.app`, `kiosk.screens`, `kiosk.survey`), the lobby
board with its voice (`kiosk.board`) and receipt printing (`kiosk.printing`)."""
