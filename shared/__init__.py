"""antrean core: domain, store, configuration and the words of the front desk. No Qt here."""

__version__ = "0.1.0"
