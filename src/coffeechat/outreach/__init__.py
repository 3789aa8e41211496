"""The outreach flow: critique a message (flags decided in code, a rewrite made of precise
edits), draft a new one, and write thank-you and keep-in-touch notes. Code builds every text
from the user's own words; a capable model may write instead, under the same checks.

  patterns.py    one regex per thing a message does (job requests and injections: coffeechat.signals)
  channels.py    the three channels, their limits, input checks
  facts.py       what a written text must keep (given facts) and may not add (invented claims)
  flags.py       one function per flag, and the score
  checks.py      the judge: the flags, plus similarity to curated sentences (curated/outreach_examples.yaml)
  writing.py     checks on written text, the product's own fixes, layout
  edits.py       a rewrite as one precise edit per flag to the writer's own message
  addressing.py  saying the user's facts to the recipient ("her talk" -> "your talk"), greetings
  takeaways.py   what notes from a conversation say: header, what they said, what they suggested
  critique.py    critique() and rewrite_message(); the second opinion
  drafts.py      draft_outreach(): a draft composed from the request
  thank_you.py   draft_thank_you(): a thank-you and a keep-in-touch note composed from notes
  render.py      plain text for the CLI, Markdown/HTML for the app
"""
