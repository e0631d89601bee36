"""Editing review files as a careful person would: new files (``scaffold``), one change with
comments, order and quoting kept (``roundtrip``; ``answertext`` for one answer's lines), the
answers and check records (``answerfile``), and the review validated again after one answer
changed (``answered``). The atomic, locked write under them all is ``orr.savefile``."""
