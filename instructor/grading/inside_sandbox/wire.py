"""Plain-data wire format between the grader and the student's process.

Only JSON with a few tagged forms crosses the boundary: numbers, strings,
booleans, None, lists, string-keyed dicts, tuples, numeric numpy arrays and
numpy scalars. No pickle, so a student's object can never run code in the
grader, and an object that "equals anything" cannot survive the trip: it is
refused, and the call fails.

Decoding trusts nothing in the data: a tagged form must have exactly its keys,
a known numeric dtype, a shape of non-negative ints whose size matches the
bytes sent; anything else is a WireError (a TypeError), never another
exception. Decoded arrays own their memory and are writable.

Speed matters here (a gradient check makes hundreds of round trips per
notebook), hence the tables built once and the direct binascii calls.
"""
import binascii
import json

import numpy as np

NUMERIC_KINDS = "biuf"  # bool, signed, unsigned, float
MAX_DEPTH = 50  # nesting of lists, tuples and dicts
MAX_DIMENSIONS = 64  # numpy 2's own limit
MAX_ELEMENTS = 1 << 32  # of any array, counting an empty dimension as 1: no message holds more

_PLAIN = frozenset({type(None), bool, int, float, str})


class WireError(TypeError):
    """A value that cannot cross the boundary."""


def _numeric_dtypes():
    """{dtype: its str, e.g. "<f8"} for every numeric dtype this numpy has, in either byte order."""
    found = {}
    for code in "?bBhHiIlLqQefdg":  # bool, the C ints signed and unsigned, half to long double
        for order in "<>":
            dtype = np.dtype(code).newbyteorder(order)
            if dtype.kind in NUMERIC_KINDS:
                found[dtype] = dtype.str
    return found


_DTYPE_STR = _numeric_dtypes()  # what encode writes
_DTYPES = {name: dtype for dtype, name in _DTYPE_STR.items()}  # all decode accepts
_ARRAY_KEYS = frozenset({"__ndarray__", "dtype", "shape"})
_SCALAR_KEYS = frozenset({"__npscalar__", "dtype"})
_b64encode, _b64decode = binascii.b2a_base64, binascii.a2b_base64


def encode(value, _depth=0):
    t = type(value)
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    if t in _PLAIN:
        return value
    if t is list:
        return [encode(v, _depth + 1) for v in value]
    if t is np.ndarray or isinstance(value, np.ndarray):
        array = value if t is np.ndarray else np.asarray(value)  # ndarray subclasses lose their class here
        name = _DTYPE_STR.get(array.dtype) or _dtype_name(array.dtype)
        if name is None:
            raise WireError(f"arrays of dtype {array.dtype} are not accepted")
        # tobytes() writes C order whatever the layout (np.ascontiguousarray would turn a 0-d array into 1-d)
        return {"__ndarray__": _b64encode(array.tobytes(), newline=False).decode("ascii"),
                "dtype": name, "shape": list(array.shape)}
    if t is tuple:
        return {"__tuple__": [encode(v, _depth + 1) for v in value]}
    if t is dict:
        for k in value:
            if type(k) is not str:
                raise WireError("dict keys must be strings")
        return {"__dict__": {k: encode(v, _depth + 1) for k, v in value.items()}}
    if isinstance(value, np.generic):
        dtype = np.dtype(t)
        name = _DTYPE_STR.get(dtype) or _dtype_name(dtype)
        if name is not None:
            return {"__npscalar__": _b64encode(np.asarray(value, dtype=dtype).tobytes(), newline=False).decode("ascii"),
                    "dtype": name}
    raise WireError(f"values of type {t.__name__} cannot be graded")


def _dtype_name(dtype):
    """The name of a numeric dtype the table does not hold as such (one with metadata, say), else None."""
    return dtype.str if dtype.kind in NUMERIC_KINDS and dtype.str in _DTYPES else None


def decode(data, _depth=0):
    t = type(data)
    if _depth > MAX_DEPTH:
        raise WireError("value is nested too deeply")
    if t in _PLAIN:
        return data
    if t is list:
        return [decode(v, _depth + 1) for v in data]
    if t is dict:
        if len(data) == 3 and data.keys() == _ARRAY_KEYS:
            return _decode_array(data)
        if len(data) == 1:
            if type(inner := data.get("__tuple__")) is list:
                return tuple([decode(v, _depth + 1) for v in inner])
            if type(inner := data.get("__dict__")) is dict:
                for k in inner:
                    if type(k) is not str:
                        raise WireError("dict keys must be strings")
                return {k: decode(v, _depth + 1) for k, v in inner.items()}
        if len(data) == 2 and data.keys() == _SCALAR_KEYS:
            dtype = _dtype(data["dtype"])
            raw = _bytes(data["__npscalar__"])
            if len(raw) != dtype.itemsize:
                raise WireError(f"a {dtype} scalar is not {len(raw)} bytes long")
            return np.frombuffer(raw, dtype=dtype)[0]
    raise WireError(f"unexpected data of type {t.__name__}")


def _decode_array(data):
    # One function, no helpers: it runs for every array of every message.
    name = data["dtype"]
    dtype = _DTYPES.get(name) if type(name) is str else None
    if dtype is None:
        raise WireError(f"arrays of dtype {name!r} are not accepted")
    shape = data["shape"]
    if type(shape) is not list or len(shape) > MAX_DIMENSIONS:
        raise WireError(f"an array's shape must be a list of at most {MAX_DIMENSIONS} sizes")
    size = bound = 1
    for n in shape:
        if type(n) is not int or n < 0:
            raise WireError("an array's sizes must be non-negative ints")
        size *= n
        bound *= n or 1
    if bound > MAX_ELEMENTS:
        raise WireError("an array's shape is too large")
    text = data["__ndarray__"]
    try:
        raw = _b64decode(text)
    except (binascii.Error, TypeError, ValueError) as exc:
        raise WireError(f"an array's data is not base64 text ({exc})") from None
    if len(raw) != size * dtype.itemsize:
        raise WireError(f"{len(raw)} bytes do not make a {dtype} array of shape {tuple(shape)}")
    try:
        array = np.empty(shape, dtype)  # owns its memory, writable, aligned: nothing refers to the message
    except (ValueError, MemoryError) as exc:
        raise WireError(f"no array of shape {tuple(shape)} ({exc})") from None
    if size:
        memoryview(array).cast("B")[:] = raw
    return array


def _dtype(name):
    dtype = _DTYPES.get(name) if type(name) is str else None
    if dtype is None:
        raise WireError(f"arrays of dtype {name!r} are not accepted")
    return dtype


def _bytes(text):
    if type(text) is not str:
        raise WireError("the data must be base64 text")
    try:
        return _b64decode(text)
    except (binascii.Error, ValueError) as exc:
        raise WireError(f"the data is not base64 text ({exc})") from None


_JSON = json.JSONEncoder(allow_nan=True, separators=(",", ":"))  # made once: json.dumps makes one per call


def dumps(message):
    return _JSON.encode(message)


def loads(line):
    """The message in one line; ValueError (never RecursionError) for anything that is not one."""
    try:
        return json.loads(line)
    except RecursionError:
        raise ValueError("the message is nested too deeply") from None


def first_change(original, after, where=""):
    """Where `after` differs from `original` ("" for the whole value, "['dW3']" for a part), or None.

    Both sides use it: the grader on the arguments a call sent back, the student's process to send them back
    only when the call changed them."""
    if isinstance(original, np.ndarray):
        same = isinstance(after, np.ndarray) and original.shape == after.shape and \
            original.dtype == after.dtype and original.tobytes() == after.tobytes()
        return None if same else where
    if type(after) is not type(original):
        return where
    if isinstance(original, dict):
        if set(original) != set(after):
            return where
        parts = (first_change(original[k], after[k], f"{where}[{k!r}]") for k in original)
    elif isinstance(original, (list, tuple)):
        if len(original) != len(after):
            return where
        parts = (first_change(o, a, f"{where}[{i}]") for i, (o, a) in enumerate(zip(original, after)))
    else:
        same = original == after or (original != original and after != after)  # NaN stays NaN
        return None if same else where
    return next((part for part in parts if part is not None), None)
