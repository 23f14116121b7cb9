"""Antrean online: booking a time slot ahead and checking in at the kiosk (no Qt, no SQL).

codes.py (booking codes from an unambiguous alphabet, `parse_scanned` for what a scanner or a
person types), identity.py (NIK and Indonesian phone numbers: checked, normalised, masked, hashed
with the office's key), slots.py (the slots of a service on a day inside its hours, cut-off and
how far ahead), limits.py (per-person caps and the public rate limit), texts.py (the refusals in
Indonesian and English, ready for the kiosk and the phone). The store's side is
`shared.store.booking`; the server's `shared.server.routers.booking`.
"""
