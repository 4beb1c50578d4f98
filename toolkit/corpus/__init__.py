"""Loading: news articles from files, folders and data frames into a :class:`Corpus` of tidy tables.

>>> import toolkit as tk
>>> corpus = tk.load_corpus("data/sample")          # doctest: +SKIP
>>> corpus.articles[["title", "date", "outlet"]]     # doctest: +SKIP

Every input file or record ends up either as a row of ``corpus.articles`` or as a row of
``corpus.problems`` (path, position, reason). ``formats`` reads each file type, ``fields`` normalises dates,
URLs, outlets and encodings, ``markdown`` parses Markdown articles, ``blocks`` reads JSON Lines block by block.
"""
from .loader import (ARTICLE_COLUMNS, PROBLEM_COLUMNS, SUPPORTED_EXTENSIONS, Corpus, CorpusError,
                     expand_paths, load_corpus, read_articles_frame)

__all__ = ["ARTICLE_COLUMNS", "PROBLEM_COLUMNS", "SUPPORTED_EXTENSIONS", "Corpus", "CorpusError", "expand_paths",
           "load_corpus", "read_articles_frame"]
