"""cnncalc: the arithmetic of convolutional neural networks, calculated, explained and checked."""

__version__ = "0.1.0"
