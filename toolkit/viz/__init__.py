"""Presentation: chart helpers (``charts``: each takes an analysis and ``ax=``, returns the ``Axes``), filter
widgets and HTML tables (``widgets``), and the dashboard that combines them (``dashboard``). Imported on first
use by ``tk.charts``, ``tk.widgets`` and ``tk.dashboard``.
"""
