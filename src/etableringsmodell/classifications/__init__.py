"""Official classifications shipped as package data and loaded on first use.

* :mod:`~etableringsmodell.classifications.ssyk`: SSYK 2012 occupations
  (yrkesklassificering), all four levels, Swedish and English names.
* :mod:`~etableringsmodell.classifications.sun`: the seven SUN 2020
  education groups (utbildningsnivå) and their ISCED 2011 levels.
* :mod:`~etableringsmodell.classifications.sfi`: SFI courses A-D and the
  three study paths (studievägar).

Each data file under ``data/`` opens with a comment saying where the list
comes from and its version; nothing is read until a look-up is made, so
importing the package stays cheap. It sits beside the model (layer 1: it
uses ``SfiCourse``), so the rules and everything above may use it.

>>> from etableringsmodell.classifications import ssyk
>>> ssyk.get("2221").name_sv
'Grundutbildade sjuksköterskor'
>>> ssyk.parent("2221").code
'222'
"""
