"""Grouping articles for per-group tables: by an articles column, or by a period of the article date.

>>> import pandas as pd
>>> articles = pd.DataFrame({"article_id": ["a", "b"], "outlet": ["X", "Y"],
...                          "date": pd.to_datetime(["2025-05-16", "2025-06-02"])})
>>> article_groups(articles, "month").dt.strftime("%Y-%m").tolist()
['2025-05', '2025-06']
"""

from __future__ import annotations

import pandas as pd

#: Period names accepted wherever a table can be grouped "by" time, with their pandas period codes.
PERIODS = {"date": "D", "day": "D", "week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def article_groups(articles: pd.DataFrame, by: str, extra_columns: str = "") -> pd.Series:
    """``article_id`` -> group value for ``by``: an articles column, or a period of ``date`` (its start).

    ``extra_columns`` names other columns the caller accepts, for the error message only.
    """
    if by in PERIODS:
        values = articles["date"].dt.to_period(PERIODS[by]).dt.start_time
    elif by in articles:
        values = articles[by]
    else:
        where = f"not {extra_columns} or articles column" if extra_columns else "not an articles column"
        raise KeyError(f"cannot group by {by!r}: {where}, nor one of {', '.join(PERIODS)}")
    return pd.Series(values.to_numpy(), index=articles["article_id"].to_numpy(), name=by)
