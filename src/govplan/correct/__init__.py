"""A reviewer's corrections (the review page's download, ``--corrections FILE``): read, matched to
their lines and tasks, and applied to a parse."""
