"""Names the command line needs at start, kept apart so `backhandout --help` imports little."""

SIDES = ("left", "right")
ENV_VAR = "BACKHANDOUT_CATALOGUE"  # names the catalogue folder to use
