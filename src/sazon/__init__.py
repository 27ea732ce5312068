"""Sazón: AI tools for Peruvian hospitality on one data store."""

__version__ = "0.1.0"
