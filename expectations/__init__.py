"""Data-quality gate: Great Expectations suites over the warehouse tables.

Great Expectations is imported only inside ``expectations.validate`` functions
(it costs seconds to import); importing this package is cheap.
"""
