"""The interactive review: a team answers a review's items one by one, saved as they go.

``plan`` picks the items, ``session`` asks them through a ``prompter.Prompter`` (keypresses
on a terminal or plain lines: ``terminal``), ``store`` saves each answer at once, ``setup``
asks what a new review file needs, ``card`` and ``markdown`` show an item in the terminal.
"""
