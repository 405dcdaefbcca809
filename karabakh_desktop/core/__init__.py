"""The Qt-free core: store, knowledge-base build, selection, touch rule, graph and geo maths.

Nothing under this package may import Qt; ``tests/test_boundary.py`` enforces it.
"""
