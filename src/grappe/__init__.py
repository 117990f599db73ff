"""Grappe: an open platform for business clusters, local productive systems and business clubs."""

__version__ = "0.1.0"
