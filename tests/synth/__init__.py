"""A layout generator: notices composed from parts with the answer known (issue 20).

Every shape in ``shapes.SHAPES`` builds a :class:`page.Page`: the text of a notice and the parse
a reader of ANNOTATION.md would give it (documents, headings, units, deadlines).  The words are
this project's own (``words.py``); nothing is copied from a real notice.  Two drivers choose:
``choose.Seeded`` (a ``random.Random``: ``benchmarks/synth.py`` reports the recovery per shape)
and ``choose.Drawn`` (Hypothesis: ``test_synth.py`` checks the parse recovers every answer and
shrinks a failure to its smallest notice).
"""
