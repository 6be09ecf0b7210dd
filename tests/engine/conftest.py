"""Make the naive twins importable as ``naive`` from the engine tests (pytest runs in
importlib mode, which does not put test directories on sys.path)."""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
