import datetime as dt

import pytest

from karabakh_desktop.core import dates


def d(s):
    return dt.date.fromisoformat(s)


def test_spans_by_precision():
    assert dates.span("2020-11-08") == (d("2020-11-08"), d("2020-11-09"))
    assert dates.span("2021-01") == (d("2021-01-01"), d("2021-02-01"))
    assert dates.span("2020-12") == (d("2020-12-01"), d("2021-01-01"))
    assert dates.span("2008") == (d("2008-01-01"), d("2009-01-01"))
    assert [dates.precision_of(x) for x in ("2020-11-08", "2021-01", "1992")] == ["day", "month", "year"]


@pytest.mark.parametrize("bad", ["2020-02-30", "2020-13", "20-01-01", "", "2020/01/01", "yesterday"])
def test_impossible_dates_are_refused(bad):
    with pytest.raises(dates.DateError):
        dates.span(bad)


def test_period_that_ends_before_it_starts():
    with pytest.raises(dates.DateError, match="ends"):
        dates.extent("2020-11-10", "2020-09-27")


def test_month_precision_is_only_possibly_active_in_half_the_month():
    ext = dates.extent("2021-01")
    assert ext.sure is None
    assert dates.overlap(ext, (d("2021-01-10"), d("2021-01-20"))) == dates.POSSIBLY
    assert dates.overlap(ext, (d("2021-01-20"), d("2021-03-01"))) == dates.POSSIBLY
    # a window holding the whole month holds the event, whichever day it was
    assert dates.overlap(ext, (d("2020-12-01"), d("2021-03-01"))) == dates.ACTIVE
    assert dates.overlap(ext, (d("2021-02-01"), d("2021-03-01"))) == dates.INACTIVE


def test_day_event_and_period_overlap():
    day = dates.extent("2020-11-08")
    assert dates.overlap(day, (d("2020-11-08"), d("2020-11-09"))) == dates.ACTIVE
    assert dates.overlap(day, (d("2020-11-09"), d("2020-11-10"))) == dates.INACTIVE
    war = dates.extent("2020-09-27", "2020-11-10")
    assert dates.overlap(war, (d("2020-10-01"), d("2020-10-02"))) == dates.ACTIVE
    assert dates.overlap(war, None) == dates.ACTIVE


def test_labels_state_the_precision():
    assert dates.label("2020-09-27") == "27 Sep 2020"
    assert dates.label("2021-01") == "Jan 2021"
    assert dates.label("2008") == "2008"
    assert dates.label("2020-09-27", "2020-11-10") == "27 Sep 2020 – 10 Nov 2020"
