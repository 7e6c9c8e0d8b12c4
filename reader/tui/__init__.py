"""The Textual user interface. Only this package imports textual; it reads the store in worker threads
and runs refreshes in a child ``szreader refresh`` process, so the UI thread only draws."""

import os

# Textual repaints layout changes on a timer at TEXTUAL_FPS (60 by default). Measured in a pseudo-terminal with
# 100,000 articles: opening an article took 52-55 ms at 60 and 35 ms at 120. The timer only runs while there is
# something to repaint, so an idle reader costs nothing more. Set before textual is imported; a user's value wins.
os.environ.setdefault("TEXTUAL_FPS", "120")
