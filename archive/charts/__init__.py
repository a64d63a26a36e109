"""Charts drawn on the server as SVG: no script, no third-party request, a text alternative with each.

bars.py draws counts (the statistics page), timeline.py draws spans of time (a perpetrator's career,
an event's timeline), estimates.py draws an event's competing estimates, map.py draws Iran's provinces
with the places on them.
"""
