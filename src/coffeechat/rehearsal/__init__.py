"""The rehearsal flow: a simulated professional answers what was asked (see session.py)."""
