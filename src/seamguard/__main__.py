"""``python -m seamguard`` runs the command line."""

from __future__ import annotations

from seamguard.cli import main

main()
