"""Code that runs inside the student's sandboxed process (and its wire format).

Everything in this folder is bound read-only into the sandbox, so it must not
import anything from the rest of `instructor/` (which the sandbox cannot see).
"""
