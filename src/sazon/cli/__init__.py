"""The command-line face: thin Typer commands over the tool functions."""
