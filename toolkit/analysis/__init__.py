"""Analysis: the tables of a corpus (:class:`Analysis`, made by :func:`analyze`), summaries of them
(``summaries``: how much was written when, who is mentioned and with whom, who takes which positions, who
said what; ``wording``: the words that set two groups apart), and people the gazetteer does not know yet
(``discovery``).
"""
from .analysis import Analysis
from .discovery import suggest_actors, suggestions_to_yaml
from .run import analyze
from .summaries import (actor_counts, article_groups, article_sentences, article_table, co_mentions, positions,
                        quote_board, rounds, volume)
from .wording import distinctive_words

__all__ = ["Analysis", "actor_counts", "analyze", "article_groups", "article_sentences", "article_table", "co_mentions",
           "distinctive_words", "positions", "quote_board", "rounds", "suggest_actors", "suggestions_to_yaml", "volume"]
