"""The questions flow: questions for an informational interview with someone in a named role.

  models.py     QuestionRequest (validated input), Question, QuestionSet, the interview ORDER
  checks.py     what makes one question good, in code (open, googleable, job requests: coffeechat.signals)
  context.py    the grounding: role profile, guide pages, notes, goals, bio -> seeds per theme
                (curated templates: curated/questions_templates.yaml)
  drafting.py   generate_questions() and regenerate_question(): draft, check, redraft, fill
  render.py     Markdown, CSV and the app's escaped Markdown
"""
