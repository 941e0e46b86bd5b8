"""The dashboard's pages, by who they are for: runner.py (home, insights, menu) and coach.py
(the roster and a runner's whole picture)."""
