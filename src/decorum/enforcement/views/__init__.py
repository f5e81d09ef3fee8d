"""Enforcement's pages, one module per topic; thin: parse, call one action or selector, render."""
