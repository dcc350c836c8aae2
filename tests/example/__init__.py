"""A sixth lesson, as small as a lesson can be: the worked example of docs/architecture.md.

``lesson.py`` is what ``sgdanim/lessons/<id>.py`` would hold, and ``scene.py`` what
``scenes/<id>/scene.py`` would. The test suite registers it (``tests/conftest.py``) and renders
it end to end through the pipeline; the real five lessons stay untouched.
"""
