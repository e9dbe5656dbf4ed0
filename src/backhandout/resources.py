"""Where the shipped data folders (catalogue, layouts) are found."""

from __future__ import annotations

import os
from pathlib import Path


def data_dir(name: str, env_var: str) -> Path:
    """$env_var if set, else the folder shipped in the package, else the source tree's."""
    env = os.environ.get(env_var)
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    packaged = here / "data" / name
    return packaged if packaged.is_dir() else here.parents[1] / name
