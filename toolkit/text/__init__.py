"""Text: paragraphs, sentences and words with character offsets (``sentences``), TextBlob-exact sentiment
(``sentiment``), and the tone of a sentence toward an actor named in it (``tone``). No downloaded data.

>>> from toolkit.text import split_sentences, textblob_sentiment
>>> [s for *_, s in split_sentences("Talks resumed. No deal yet.")]
['Talks resumed.', 'No deal yet.']
>>> textblob_sentiment("Talks were a great success.")
(0.55, 0.375)
"""
from .sentences import count_words, paragraph_spans, sentences_frame, split_sentences, word_spans
from .sentiment import add_sentiment, sentiment_arrays, textblob_sentiment
from .tone import ToneModel, sentence_scores, tone

__all__ = ["ToneModel", "add_sentiment", "count_words", "paragraph_spans", "sentence_scores", "sentences_frame",
           "sentiment_arrays", "split_sentences", "textblob_sentiment", "tone", "word_spans"]
