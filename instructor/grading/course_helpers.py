"""Course helpers a test hands to a student's function, run in the student's own process.

A test that swaps a helper into a student's function (vector_to_dictionary into gradient_check_n, say)
usually hands it a function of the grader's: then every call of it comes back to the grader, a round trip
of both processes (hundreds per gradient check). A function of the course's student-side utils/ package is
different: the student's process has the same code (the release's utils/, bound read-only into every
sandbox). A CourseHelper names such a function, and the student's process binds its own copy instead, so
the calls stay there.

Only for a helper whose calls the test neither counts nor trusts. The student's code can change anything in
its own process, this helper included, but that can change only what the student's function returns, and
the test checks that with trusted code anyway. A helper the test counts (a counting forward pass) stays a
function of the grader's.

Called where it is (in the grader, or in stock nbgrader's kernel, where the student's code runs in the
same process), a CourseHelper runs the same function there.
"""
import importlib

PACKAGE = "utils"  # the course's student-side package: what every sandbox holds


class CourseHelper:
    """The function `name` of the module `module` (of the course's utils/ package), by name."""

    def __init__(self, module, name):
        if not module.startswith(PACKAGE + ".") or not name.isidentifier():
            raise ValueError(f"a course helper is a function of the {PACKAGE}/ package, not {module}.{name}")
        self.module, self.__name__ = module, name

    @property
    def target(self):
        """What the student's process binds: "module:name"."""
        return f"{self.module}:{self.__name__}"

    def __call__(self, *args, **kwargs):
        return getattr(importlib.import_module(self.module), self.__name__)(*args, **kwargs)

    def __repr__(self):
        return f"<course helper {self.module}.{self.__name__}>"
