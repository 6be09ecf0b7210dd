"""Every file cnncalc reads or writes goes through this package: `inputs` (which files may be
read, and reading them bounded and without blocking) and `outputs` (writing without following
links, without clobbering an input, and atomically)."""
