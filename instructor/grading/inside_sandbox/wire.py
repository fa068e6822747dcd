"""Plain-data wire format between the grader and the student's process.

Only JSON with a few tagged forms crosses the boundary: numbers, strings,
booleans, None, lists, string-keyed dicts, tuples, numeric numpy arrays and
numpy scalars. No pickle, so a student's object can never run code in the
grader, and an object that "equals anything" cannot survive the trip: it is
refused, and the call fails.
"""
import base64
import json

import numpy as np

NUMERIC_KINDS = "biuf"  # bool, signed, unsigned, float


class WireError(TypeError):
    """A value that cannot cross the boundary."""


def encode(value, _depth=0):
    if _depth > 50:
        raise WireError("value is nested too deeply")
    t = type(value)
    if value is None or t in (bool, int, float, str):
        return value
    if t is tuple:
        return {"__tuple__": [encode(v, _depth + 1) for v in value]}
    if t is list:
        return [encode(v, _depth + 1) for v in value]
    if t is dict:
        if not all(type(k) is str for k in value):
            raise WireError("dict keys must be strings")
        return {"__dict__": {k: encode(v, _depth + 1) for k, v in value.items()}}
    if isinstance(value, np.ndarray):
        array = np.asarray(value)  # ndarray subclasses lose their class here
        if array.dtype.kind not in NUMERIC_KINDS:
            raise WireError(f"arrays of dtype {array.dtype} are not accepted")
        # tobytes() writes C order whatever the layout (np.ascontiguousarray would turn a 0-d array into 1-d)
        return {"__ndarray__": base64.b64encode(array.tobytes()).decode("ascii"),
                "dtype": array.dtype.str, "shape": list(array.shape)}
    if isinstance(value, np.generic) and np.dtype(type(value)).kind in NUMERIC_KINDS:
        dtype = np.dtype(type(value))
        return {"__npscalar__": base64.b64encode(np.asarray(value, dtype=dtype).tobytes()).decode("ascii"),
                "dtype": dtype.str}
    raise WireError(f"values of type {t.__name__} cannot be graded")


def decode(data):
    t = type(data)
    if data is None or t in (bool, int, float, str):
        return data
    if t is list:
        return [decode(v) for v in data]
    if t is dict:
        if "__tuple__" in data:
            return tuple(decode(v) for v in data["__tuple__"])
        if "__dict__" in data:
            return {str(k): decode(v) for k, v in data["__dict__"].items()}
        if "__ndarray__" in data:
            dtype = np.dtype(data["dtype"])
            if dtype.kind not in NUMERIC_KINDS:
                raise WireError(f"arrays of dtype {dtype} are not accepted")
            shape = tuple(int(n) for n in data["shape"])
            raw = base64.b64decode(data["__ndarray__"])
            return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()
        if "__npscalar__" in data:
            dtype = np.dtype(data["dtype"])
            if dtype.kind not in NUMERIC_KINDS:
                raise WireError(f"scalars of dtype {dtype} are not accepted")
            return np.frombuffer(base64.b64decode(data["__npscalar__"]), dtype=dtype)[0]
    raise WireError(f"unexpected data of type {t.__name__}")


def dumps(message):
    return json.dumps(message, allow_nan=True, separators=(",", ":"))


def loads(line):
    return json.loads(line)
