"""backhandout: printable back-care exercise handouts from a YAML catalogue."""

__version__ = "0.1.0"
