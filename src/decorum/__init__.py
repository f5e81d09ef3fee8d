"""Decorum: news publishing whose comment sections enforce the publisher's own standards."""

__version__ = "0.1.0"
