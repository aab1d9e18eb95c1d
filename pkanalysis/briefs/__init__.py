"""Briefs: a country, a mission or a conference on a few pages, in English or French.

Each brief is a notebook (``country_brief``, ``mission_brief``, ``conference_brief``) that
stays a thin narrative; the numbers, the sentences that state them (each with its month), the
figures and the tables come from the modules here:

- :mod:`~pkanalysis.briefs.document`: key facts, sections, names and source lines;
- :mod:`~pkanalysis.briefs.country`, :mod:`~.mission`, :mod:`~.conference`: each brief's
  numbers, key facts and sections;
- :mod:`~pkanalysis.briefs.subjects`: checks of a brief's subject, with close valid values;
- :mod:`~pkanalysis.briefs.command`: one brief as HTML, figures and tables in a run folder
  (``pkanalysis brief country NPL --lang fr``).
"""
