"""The package version (a module of its own, so that modules need not import the package root and its API)."""

__version__ = "0.1.0"
