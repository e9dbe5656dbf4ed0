"""Modules imported on first use, not at import time.

A cached build (cache.py: the checked catalogue and layout kept on disk) parses
no YAML, so yaml (about 13 ms) is loaded only when a file is read; and ReportLab
imports Pillow (about 9 ms) though handouts hold no bitmap.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType


def lazy_import(name: str) -> ModuleType:
    """The module `name`, loaded when one of its attributes is first used (the import
    system's own LazyLoader); the module itself if it is loaded already. An `import name`
    elsewhere loads it at once (the import system looks at its attributes)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:  # not installed: import it now, for its error
        return importlib.import_module(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    if parent:  # as the import system does: so `from parent import child` finds it as it is
        setattr(sys.modules[parent], child, module)
    return module
