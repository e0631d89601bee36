"""Many reviews rolled up for architects and auditors (`orr portfolio`, and `orr gate` over
folders): the pure data and how it is rolled up (``rollup``), finding and evaluating the files
in a process pool (``run``), and what changed per service since a revision (``changes``)."""
