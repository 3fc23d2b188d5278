"""`python -m scribe` = the `scribe` command."""

from scribe.cli import main

main()
