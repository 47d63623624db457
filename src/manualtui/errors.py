"""The one error type users see: a file (or option) and what is wrong with it, on one line."""

from __future__ import annotations


class ManualError(Exception):
    """A problem with an input or output the user named; shown as `subject: problem`."""

    def __init__(self, subject: str, problem: str) -> None:
        super().__init__(f"{subject}: {problem}")
        self.subject = subject
        self.problem = problem
