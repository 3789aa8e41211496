"""The questions flow: questions for an informational interview with someone in a named role.

  models.py     QuestionRequest (validated input), Question, QuestionSet, the interview ORDER
  checks.py     what makes one question good, in code (open, googleable, job requests: coffeechat.signals),
                and a model's follow-up acceptable
  phrasing.py   authored material made into questions in code: a goal in the user's voice, an
                insider's "Ask about" line, a bio detail, the user's background
  context.py    the candidates: the user's own, the role profile's, the templates
                (curated/questions_templates.yaml), each with its why and source
  drafting.py   stream_questions(), generate_questions(), regenerate_question(): pick, then
                tailor follow-ups with the model where it helps, checked
  render.py     Markdown, CSV and the app's escaped Markdown
"""
