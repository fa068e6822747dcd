"""Grading accuracy: does the grader catch real mistakes, accept every right answer, and say what is wrong?

    python -m instructor.accuracy [ASSIGNMENT ...]      (make accuracy)
    python -m instructor.accuracy --show NAME           one catalogue entry: its full cell and the message it got

The catalogue (instructor/accuracy_catalogue/<assignment>.py) holds, for every graded function, realistic
wrong answers and differently written right ones, each a full answer cell. Every entry becomes one submission:
the release notebook with every answer cell solved, except the entry's function, which gets the entry's cell.
All submissions of one notebook are graded together, in one run of the real grader (instructor.grade.autograde)
in a scratch copy of the course. Then:

  kill rate     a mistake is caught when it costs points on its own function and on no other;
  acceptance    a right answer is accepted when it earns full marks;
  diagnosis     a caught mistake is diagnosed when the message the student gets for that function contains
                every word or phrase the catalogue expects, as whole words (case-insensitive: "column" does not
                match "columns");
  specific      a diagnosis is specific when its words appear in no other mistake's message of the same
                function: the message names this mistake, not just the family it belongs to;
  wrong         a caught mistake's message is a wrong diagnosis when it names another mistake's cause: it holds
                every word another mistake of the same function expects, and those words are not already among
                this mistake's own expected words (see wrong_diagnoses);
  public        every entry is graded a second time, against a copy of the course whose test cells keep only
                their public tests (what the student's release notebook runs). A mistake is caught by the public
                tests when its function's test cell fails there. A right answer that passes its function's public
                tests must pass its hidden tests too: otherwise the hidden tests require something the student
                could not find out before handing in (a hidden-only requirement).

Hidden expected values must never reach a student. To check that, the solution is graded once more in this
process with every value its graded functions return inside hidden tests recorded; a number printed in a
failure message that equals one of them (to its printed precision) is a leak, unless the student was given
it (it is in the release notebook or its utils/), it is an integer or has fewer than MIN_DIGITS significant
digits, or the message labels it as the student's own result ("got ...").

The report prints these per function and overall, lists every escapee, rejection, undiagnosed or unspecific
diagnosis and leak, and is written to reports/grading_accuracy.txt; a full run also rewrites the figures
between the accuracy markers of README.md. The exit code is 1 unless every mistake is caught, every right
answer accepted, at least DIAGNOSIS_GOAL of the mistakes diagnosed, at least SPECIFIC_GOAL of them specifically
(overall) and SPECIFIC_GOAL_PER_FUNCTION for every function, no message is a wrong diagnosis, no right answer
meets a hidden-only requirement and no hidden value is revealed.
"""
# This docstring is also the --help text. The package, by job:
#   catalogue.py   the catalogue's entries, the submissions made of them, grading them (all tests, public only)
#   diagnosis.py   caught, diagnosed, specific and wrong diagnoses; the summary per function; the goals
#   leaks.py       the hidden tests' values (recorded through the grader's observer hook) and the messages
#                  that print them
#   report.py      the text report and the README's figures
#   cli.py         the command line (python -m instructor.accuracy runs __main__.py)
