"""The outreach flow: critique a message (flags decided in code, a checked rewrite), draft a
new one, and write thank-you and keep-in-touch notes.

  patterns.py   one regex per thing a message does (job requests and injections: coffeechat.signals)
  channels.py   the three channels, their limits, input checks
  flags.py      one function per flag, and the score
  checks.py     the judge: the flags, plus similarity to curated sentences (curated/outreach_examples.yaml)
  writing.py    checks on what a model wrote; a message assembled in code
  critique.py   critique() and rewrite_message(); the second opinion
  drafts.py     draft_outreach()
  thank_you.py  draft_thank_you()
  render.py     plain text for the CLI, Markdown/HTML for the app
"""
