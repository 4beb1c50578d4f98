"""Reading the resource files: plain YAML read with ``yaml.safe_load`` (JSON for trained weights), with
errors that name the file and the line.

>>> from toolkit.resources.files import load_yaml
>>> sorted(load_yaml("outlets.yaml"))
['home', 'outlets']
"""
from __future__ import annotations

import copy
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RESOURCES = Path(__file__).resolve().parent
#: PyYAML's safe loader, in C when PyYAML was built with libyaml (the world layer parses 5x faster).
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ResourceError(ValueError):
    """A resource file is missing, unreadable or does not have the expected shape."""


def resource_path(name: str | Path) -> Path:
    """Absolute path of a bundled resource file (``name`` relative to ``toolkit/resources``)."""
    return RESOURCES / name


def read_yaml_file(path: str | Path) -> Any:
    """Parse one YAML file with ``yaml.safe_load``; errors name the file and the line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise
    except (OSError, UnicodeDecodeError) as exc:
        raise ResourceError(f"{path}: cannot read ({exc})") from exc
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" line {where.line + 1}" if where is not None else ""
        raise ResourceError(f"{path}:{line} is not valid YAML: {getattr(exc, 'problem', exc)}") from exc
    except ValueError as exc:  # e.g. an unquoted impossible date such as 2025-13-01
        raise ResourceError(f"{path}: invalid value ({exc}); write dates as quoted 'YYYY-MM-DD' strings") from exc


@lru_cache(maxsize=None)
def _cached_bundled(name: str) -> Any:
    return read_yaml_file(resource_path(name))


def load_yaml(name: str) -> Any:
    """Load a bundled resource file by its name relative to ``toolkit/resources`` (parsed once, copied out).

    For a user's own file use :func:`read_yaml_file`.
    """
    return copy.deepcopy(_cached_bundled(str(name)))


def deep_merge(base: Any, extra: Any) -> Any:
    """``extra`` laid over ``base``: mappings merged key by key, lists joined (without repeats), anything else
    replaced. Neither input is changed.

    >>> deep_merge({"a": [1, 2], "b": {"x": 1}}, {"a": [2, 3], "b": {"y": 2}, "c": 0})
    {'a': [1, 2, 3], 'b': {'x': 1, 'y': 2}, 'c': 0}
    """
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for key, value in extra.items():
            out[key] = deep_merge(base[key], value) if key in base else copy.deepcopy(value)
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return list(base) + [v for v in extra if v not in base]
    return copy.deepcopy(extra)


def as_resource(value, cls, name: str):
    """``value`` as a ``cls`` resource: ``None`` -> ``cls.bundled()``, an instance as it is, a mapping ->
    ``cls(mapping)``, a path -> ``cls.from_yaml(path)``; ``name`` is the argument's name in errors."""
    if value is None:
        return cls.bundled()
    if isinstance(value, cls):
        return value
    if isinstance(value, dict):
        return cls(value)
    if isinstance(value, (str, os.PathLike)):
        return cls.from_yaml(value)
    raise TypeError(f"{name} must be a {cls.__name__}, a mapping, a YAML path or None, not {type(value).__name__}")
