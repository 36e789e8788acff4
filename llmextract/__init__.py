"""llmextract: extract calls between leaders from news articles, and measure how well it does."""

__version__ = "0.1.0"
