"""saidwho: who said what in news and opinion pages."""

from .model import SCHEMA_VERSION
from .pipeline import extract, extract_article

__version__ = "0.1.0"
__all__ = ["SCHEMA_VERSION", "extract", "extract_article", "__version__"]
