"""python -m backhandout"""

from .cli import main

main()
