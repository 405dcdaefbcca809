"""core.arrays.distinct answers as np.unique does, for the arrays the start path and repaints hold."""

import numpy as np
import pytest

from karabakh_desktop.core.arrays import distinct


@pytest.mark.parametrize("values", [
    [], [3], [2, 2, 2], [5, 1, 5, 3, 1, 0, -2], [0.25, 1.0, 0.25, 0.0, 1.0], np.arange(12).reshape(3, 4) % 5,
    np.random.default_rng(7).integers(0, 9, 500), np.random.default_rng(8).random(300).round(1),
])
def test_distinct_is_np_unique(values):
    got, want = distinct(values), np.unique(values)
    assert got.dtype == want.dtype
    assert np.array_equal(got, want)
