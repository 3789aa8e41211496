"""The rehearsal flow (interview, persona, turn reading, reply checks, report), pending its
move to a rehearsal/ package."""
