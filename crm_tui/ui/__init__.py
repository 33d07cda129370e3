"""Textual user interface. Calls domain functions only; never writes SQL."""
