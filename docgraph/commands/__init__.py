"""The commands of the `docgraph` CLI, one module per family; ``cli.py`` assembles them."""
