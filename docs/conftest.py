"""What pytest must not collect under docs/ (its .md pages run as doctests)."""

# conf.py is Sphinx's configuration, not a module with examples; _build holds
# a hand-built site (README, "Documentation").
collect_ignore = ["conf.py", "_build"]
