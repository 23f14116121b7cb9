"""Staff side of antrean online: booking a slot for a phone caller (dialog.py, opened from the
counter console and the supervisor) and the list of a day's bookings with their status, cancel,
and booked-vs-walk-in figures (today.py, the supervisor's "Booking" tab)."""
